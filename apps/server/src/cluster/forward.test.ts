import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { CommandInbox, type CommandHandler, type ForwardedCommand } from './commandInbox.js';
import { clusterKeys } from './keys.js';
import { connectRedis, type RedisClient } from './redisClient.js';

describe('command forwarding', () => {
  let redis: RedisHarness;
  let controls: RedisClient[];
  const inboxes: CommandInbox[] = [];
  const applied: ForwardedCommand[] = [];

  /** The owner's side: plays and pauses; refuses what it does not know, throws on `crash`. */
  const owner: CommandHandler = async (command) => {
    applied.push(command);
    const body = command.body as { type: string; n?: number };
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20)); // answers finish out of order
    if (body.type === 'crash') throw new Error('worker gone');
    if (body.type !== 'play') return { ok: false, code: 'forbidden', message: `no ${body.type} here` };
    return { ok: true, value: { played: body.n, session: command.sessionId } };
  };
  const nobody: CommandHandler = () => ({ ok: false, code: 'not-owner', message: 'not mine' });

  async function inbox(nodeId: string, handle: CommandHandler, timeoutMs = 5_000): Promise<CommandInbox> {
    const control = await connectRedis(redis.url, { name: nodeId });
    controls.push(control);
    const created = await CommandInbox.connect(redis.url, { nodeId, control, handle, timeoutMs, maxEntries: 50 });
    inboxes.push(created);
    return created;
  }

  beforeAll(async () => {
    redis = await startRedis();
    controls = [];
  });
  afterAll(async () => {
    await Promise.all(inboxes.map((i) => i.close()));
    controls.forEach((c) => c.destroy());
    await redis.close();
  });

  it('a command forwarded to the owner is applied there and its answer comes back to the sender', async () => {
    await inbox('owner', owner);
    const gateway = await inbox('gateway', nobody);
    expect(await gateway.forward('owner', 's1', { type: 'play', n: 1 })).toEqual({ ok: true, value: { played: 1, session: 's1' } });
    expect(applied.at(-1)).toEqual({ sessionId: 's1', from: 'gateway', body: { type: 'play', n: 1 } });
  });

  it('many commands from two nodes at once: every sender gets the answer to its own command', async () => {
    const [b, c] = [await inbox('gw-b', nobody), await inbox('gw-c', nobody)];
    const sent = Array.from({ length: 60 }, (_, n) => (n % 2 === 0 ? b : c).forward('owner', `s${n % 3}`, { type: 'play', n }));
    const answers = await Promise.all(sent);
    answers.forEach((answer, n) => expect(answer).toEqual({ ok: true, value: { played: n, session: `s${n % 3}` } }));
  });

  it('the owner’s refusal and its failure reach the sender as answers, and the inbox keeps serving', async () => {
    const gateway = await inbox('gw-refused', nobody);
    expect(await gateway.forward('owner', 's1', { type: 'delete' })).toEqual({ ok: false, code: 'forbidden', message: 'no delete here' });
    expect(await gateway.forward('owner', 's1', { type: 'crash' })).toEqual({
      ok: false,
      code: 'internal',
      message: 'node owner failed to apply the command: worker gone',
    });
    expect(await gateway.forward('owner', 's1', { type: 'play', n: 7 })).toMatchObject({ ok: true });
  });

  it('an owner that does not answer yields owner-unreachable after the named timeout', async () => {
    const gateway = await inbox('gw-timeout', nobody, 300);
    expect(await gateway.forward('gone-node', 's9', { type: 'play' })).toEqual({
      ok: false,
      code: 'owner-unreachable',
      message: 'node gone-node, which trains session s9, did not answer within 300 ms',
    });
  });

  it('an inbox stays bounded however much is sent to a node that never reads it', async () => {
    const gateway = await inbox('gw-bounded', nobody, 50);
    await Promise.all(Array.from({ length: 500 }, () => gateway.forward('dead-node', 's1', { type: 'play' })));
    expect(await controls[0]!.xLen(clusterKeys.inbox('dead-node'))).toBeLessThanOrEqual(50 + 100);
  });
});
