import { randomBytes } from 'node:crypto';
import { CommandInbox, type CommandHandler } from './commandInbox.js';
import { PresenceBoard } from './presenceBoard.js';
import { connectRedis, type RedisClient } from './redisClient.js';
import { RelayReader } from './relayReader.js';

/** One server process's part of the cluster: its connections and the blocks that share them. */
export interface ClusterNode {
  readonly nodeId: string;
  /** The node's connection for everything that does not block: leases, appends, presence, sends. */
  readonly redis: RedisClient;
  readonly reader: RelayReader;
  readonly inbox: CommandInbox;
  readonly presence: PresenceBoard;
  /** Withdraws the node (presence at once, leases it holds lapse) and closes its three connections. */
  close(): Promise<void>;
}

export interface JoinOptions {
  /** Defaults to a fresh random id: a restarted process is a new node. */
  nodeId?: string;
  /** Applies commands forwarded to this node for the sessions it owns. */
  handle: CommandHandler;
  onError?: (err: Error) => void;
}

/**
 * Connects a node: one shared connection, plus one each for the relay reader and the inbox (both block in XREAD).
 * Throws {@link RedisUnreachableError} naming the URL (password masked) when Redis does not answer.
 */
export async function joinCluster(url: string, options: JoinOptions): Promise<ClusterNode> {
  const nodeId = options.nodeId ?? randomBytes(6).toString('base64url');
  const onError = options.onError ?? (() => {});
  const redis = await connectRedis(url, { name: `liveprop:${nodeId}`, onError });
  const opened: { close(): Promise<void> }[] = [];
  try {
    const reader = await RelayReader.connect(url, { nodeId, control: redis, onError });
    opened.push(reader);
    const inbox = await CommandInbox.connect(url, { nodeId, control: redis, handle: options.handle, onError });
    opened.push(inbox);
    const presence = new PresenceBoard(redis, nodeId, undefined, onError);
    await presence.start();
    return {
      nodeId,
      redis,
      reader,
      inbox,
      presence,
      async close() {
        await presence.stop().catch(onError);
        await Promise.all([reader.close(), inbox.close()]);
        redis.destroy();
      },
    };
  } catch (err) {
    await Promise.allSettled(opened.map((block) => block.close()));
    redis.destroy();
    throw err;
  }
}
