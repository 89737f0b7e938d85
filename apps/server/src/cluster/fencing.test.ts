import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnServer } from '../testing/childServer.js';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { holdLease, type LeaseTimings } from './heldLease.js';
import { clusterKeys } from './keys.js';
import { connectRedis, type RedisClient } from './redisClient.js';
import { RelayWriter } from './relayWriter.js';

const timings: LeaseTimings = { ttlMs: 900, renewMs: 150, marginMs: 300 };
const distCluster = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cluster');
const distModule = (name: string) => JSON.stringify(pathToFileURL(join(distCluster, name)).href);

/**
 * An owner node in its own process (the built blocks): takes the lease, then appends a frame every 20 ms and, unlike
 * a correct owner, keeps appending after it lost the lease, printing every result, so fencing has to stop it.
 */
const OWNER_SOURCE = `
import { connectRedis } from ${distModule('redisClient.js')};
import { holdLease } from ${distModule('heldLease.js')};
import { RelayWriter } from ${distModule('relayWriter.js')};
const [url, sessionId] = process.argv.slice(2);
const redis = await connectRedis(url, { name: 'child-owner' });
const print = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
const held = await holdLease(redis, { sessionId, nodeId: 'child', timings: ${JSON.stringify(timings)}, onLost: (why) => print({ lost: why }) });
if (!held.ok) process.exit(2);
const writer = new RelayWriter(redis, sessionId, 'child-stream', held.lease.token);
let seq = 0;
setInterval(() => {
  const n = ++seq;
  void writer.append(n, Buffer.from('child ' + n)).then((result) => print({ seq: n, ...result }));
}, 20);
print({ ready: held.lease.token });
`;

describe('fencing with a real paused owner process', () => {
  const work = mkdtempSync(join(tmpdir(), 'liveprop-fencing-'));
  const children: ChildProcess[] = [];
  let redis: RedisHarness;
  let node: RedisClient;
  beforeAll(async () => {
    if (!existsSync(join(distCluster, 'heldLease.js'))) throw new Error(`no build in ${distCluster}; run pnpm --filter @liveprop/server build first`);
    redis = await startRedis();
    node = await connectRedis(redis.url, { name: 'taker' });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    node.destroy();
    await redis.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('SIGSTOP past its lease: another node takes over; the woken owner reports the loss and every append it tries is fenced', async () => {
    const script = join(work, 'owner.mjs');
    writeFileSync(script, OWNER_SOURCE);
    const { child } = await spawnServer([script, redis.url, 'fenced-session'], {}, /\{"ready":(\d+)\}/, children);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const lines = (): Record<string, unknown>[] => output.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    const framesKey = clusterKeys.frames('fenced-session');
    await vi.waitFor(async () => expect(await node.xLen(framesKey)).toBeGreaterThanOrEqual(5), { timeout: 10_000 });

    child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, timings.ttlMs + 300));
    const taken = await holdLease(node, { sessionId: 'fenced-session', nodeId: 'taker', timings, onLost: () => {} });
    expect(taken.ok).toBe(true);
    if (!taken.ok) return;
    expect(taken.lease.token).toBe(2);
    const writer = new RelayWriter(node, 'fenced-session', 'taker-stream', taken.lease.token);
    for (let seq = 1; seq <= 5; seq++) expect(await writer.append(seq, Buffer.from(`taker ${seq}`))).toEqual({ ok: true });

    child.kill('SIGCONT');
    await vi.waitFor(() => expect(lines().filter((l) => l['code'] === 'fenced').length).toBeGreaterThanOrEqual(5), { timeout: 10_000 });
    expect(lines()).toContainEqual({ lost: 'expired' });
    child.kill('SIGKILL');
    await taken.lease.release();

    // The stream: the child's frames, then the taker's, and not one of the child's after the taker's first.
    const entries = (await node.xRange(framesKey, '-', '+')) ?? [];
    const streams = entries.map((e) => e.message['s']);
    const firstTaker = streams.indexOf('taker-stream');
    expect(firstTaker).toBeGreaterThan(0);
    expect(streams.slice(firstTaker)).toEqual(Array(5).fill('taker-stream'));
    expect(entries.at(-1)?.id).toBe('2-5');
  });
});
