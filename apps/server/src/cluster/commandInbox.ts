import { randomUUID } from 'node:crypto';
import { FORWARD_TIMEOUT_MS, INBOX_MAX_ENTRIES, STREAM_BLOCK_MS } from './clusterConfig.js';
import { clusterKeys } from './keys.js';
import { connectRedis, type RedisClient } from './redisClient.js';

/** A command a viewer sent on another node, validated there (schema, role), for the session's owner to apply. */
export interface ForwardedCommand {
  sessionId: string;
  /** The node it came from. */
  from: string;
  body: unknown;
}

/** The owner's answer; a refusal carries the code the viewer's node sends on, as on one node. */
export type CommandAnswer = { ok: true; value?: unknown } | { ok: false; code: string; message: string };

export type CommandHandler = (command: ForwardedCommand) => CommandAnswer | Promise<CommandAnswer>;

export interface InboxOptions {
  nodeId: string;
  /** Sends requests and answers; may be shared with the node. */
  control: RedisClient;
  /** Applies a command forwarded to this node. */
  handle: CommandHandler;
  timeoutMs?: number;
  maxEntries?: number;
  blockMs?: number;
  onError?: (err: Error) => void;
}

type InboxEntry =
  | { kind: 'command'; request: string; from: string; sessionId: string; body: unknown }
  | { kind: 'answer'; request: string; answer: CommandAnswer };

/**
 * A node's inbox: a Redis stream that other nodes append commands to and this node's owner side answers into the
 * sender's inbox. A stream, not pub/sub, so a message sent while the reader reconnects is still read.
 */
export class CommandInbox {
  private readonly waiting = new Map<string, { settle: (answer: CommandAnswer) => void; timer: ReturnType<typeof setTimeout> }>();
  private closed = false;
  private readonly loop: Promise<void>;

  static async connect(url: string, options: InboxOptions): Promise<CommandInbox> {
    const blocking = await connectRedis(url, { name: `liveprop:${options.nodeId}:inbox`, ...(options.onError ? { onError: options.onError } : {}) });
    const [newest] = (await options.control.xRevRange(clusterKeys.inbox(options.nodeId), '+', '-', { COUNT: 1 })) ?? [];
    return new CommandInbox(blocking, options, newest?.id ?? '0-0');
  }

  private constructor(
    private readonly blocking: RedisClient,
    private readonly options: InboxOptions,
    private cursor: string,
  ) {
    this.loop = this.run();
  }

  /**
   * Sends `body` to the owner `toNode` and waits for its answer. After `timeoutMs` without one the answer is
   * `owner-unreachable`; the command may still be applied later, which viewers then see in the broadcast.
   */
  async forward(toNode: string, sessionId: string, body: unknown): Promise<CommandAnswer> {
    const request = randomUUID();
    const timeoutMs = this.options.timeoutMs ?? FORWARD_TIMEOUT_MS;
    const answer = new Promise<CommandAnswer>((settle) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request);
        settle({ ok: false, code: 'owner-unreachable', message: `node ${toNode}, which trains session ${sessionId}, did not answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiting.set(request, { settle, timer });
    });
    try {
      await this.send(toNode, { kind: 'command', request, from: this.options.nodeId, sessionId, body });
    } catch (err) {
      this.answer(request, { ok: false, code: 'owner-unreachable', message: `could not reach node ${toNode}: ${(err as Error).message}` });
    }
    return answer;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.blocking.destroy();
    await this.loop;
    for (const request of [...this.waiting.keys()]) this.answer(request, { ok: false, code: 'owner-unreachable', message: 'this node is shutting down' });
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        const key = clusterKeys.inbox(this.options.nodeId);
        const reply = await this.blocking.xRead({ key, id: this.cursor }, { BLOCK: this.options.blockMs ?? STREAM_BLOCK_MS, COUNT: 256 });
        for (const { messages } of reply ?? []) {
          for (const { id, message } of messages) {
            this.cursor = id;
            this.receive(message['m']);
          }
        }
      } catch (err) {
        if (this.closed) return;
        this.options.onError?.(err as Error);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private receive(json: string | undefined): void {
    const entry = parseEntry(json);
    if (entry === null) return this.options.onError?.(new Error(`expected an inbox entry, got ${String(json).slice(0, 200)}`));
    if (entry.kind === 'answer') return this.answer(entry.request, entry.answer);
    void this.apply(entry);
  }

  private async apply(command: Extract<InboxEntry, { kind: 'command' }>): Promise<void> {
    let answer: CommandAnswer;
    try {
      answer = await this.options.handle({ sessionId: command.sessionId, from: command.from, body: command.body });
    } catch (err) {
      answer = { ok: false, code: 'internal', message: `node ${this.options.nodeId} failed to apply the command: ${(err as Error).message}` };
    }
    await this.send(command.from, { kind: 'answer', request: command.request, answer }).catch((err: Error) => this.options.onError?.(err));
  }

  private answer(request: string, answer: CommandAnswer): void {
    const waiting = this.waiting.get(request);
    if (waiting === undefined) return; // timed out already
    this.waiting.delete(request);
    clearTimeout(waiting.timer);
    waiting.settle(answer);
  }

  private async send(toNode: string, entry: InboxEntry): Promise<void> {
    const trim = { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.options.maxEntries ?? INBOX_MAX_ENTRIES } as const;
    await this.options.control.xAdd(clusterKeys.inbox(toNode), '*', { m: JSON.stringify(entry) }, { TRIM: trim });
  }
}

function parseEntry(json: string | undefined): InboxEntry | null {
  try {
    const entry = JSON.parse(json ?? '') as Partial<InboxEntry> | null;
    if (typeof entry?.request !== 'string') return null;
    if (entry.kind === 'answer' && typeof entry.answer?.ok === 'boolean') return entry as InboxEntry;
    if (entry.kind === 'command' && typeof entry.from === 'string' && typeof entry.sessionId === 'string') return entry as InboxEntry;
    return null;
  } catch {
    return null;
  }
}
