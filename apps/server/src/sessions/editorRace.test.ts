import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { sessionListSchema, type ServerMessage } from '@liveprop/protocol';
import { seededRng, type Rng } from '../testing/fuzzFrames.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

type Status = Extract<ServerMessage, { type: 'status' | 'sessionState' }>;

/** The status a client was last told: its latest `status` frame, or its `sessionState`. */
function lastStatus(c: TestClient): Status {
  const found = c.received.findLast((m): m is Status => m.type === 'status' || m.type === 'sessionState');
  if (!found) throw new Error('client has no status yet');
  return found;
}

/** The learning rate of the config a client was last told (`sessionState` or the latest `event`). */
function lastLearningRate(c: TestClient): number {
  const found = c.received.findLast((m) => m.type === 'event' || m.type === 'sessionState');
  if (found?.type !== 'event' && found?.type !== 'sessionState') throw new Error('client has no config yet');
  return found.config.training.optimizer.learningRate;
}

/**
 * Resolves once everything `c` sent before is handled: a connection runs its frames one after another, and a
 * backwards history range is the one frame whose answer (an error) nothing else sends.
 */
async function settled(c: TestClient): Promise<void> {
  c.send({ type: 'requestHistory', from: 1, to: 0, resolution: 1 });
  await c.next((m) => m.type === 'error' && m.requestType === 'requestHistory', 20_000);
}

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What the server says about the session in every place it says it, and what its worker says. */
async function serverView(sessionId: string): Promise<{ rest: string; joined: Extract<ServerMessage, { type: 'sessionState' }>; worker: { running: boolean; speed: number | null; learningRate: number } }> {
  const rows = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json());
  const rest = rows.find((r) => r.id === sessionId)?.status ?? 'missing';
  const late = await TestClient.joined(server.url, sessionId);
  const joined = await late.seen<Extract<ServerMessage, { type: 'sessionState' }>>((m) => m.type === 'sessionState');
  late.close();
  const session = server.registry.get(sessionId);
  if (!session) throw new Error(`session ${sessionId} is gone`);
  const reply = await session.workerHandle.request({ kind: 'checkpoint' });
  const { running, speed, config } = reply.state;
  return { rest, joined, worker: { running, speed, learningRate: config.training.optimizer.learningRate } };
}

/** Checks that the server (REST, a late joiner, its worker) and every client agree on status, speed and config. */
async function expectAgreement(sessionId: string, clients: TestClient[]): Promise<void> {
  const view = await serverView(sessionId);
  const status = view.joined.status;
  expect(view.rest).toBe(status);
  expect(view.worker.running).toBe(status === 'running');
  expect(view.worker.speed).toBe(view.joined.speed);
  expect(view.worker.learningRate).toBe(view.joined.config.training.optimizer.learningRate);
  for (const c of clients) {
    await until('every client to be told the final status', () => lastStatus(c).status === status && lastStatus(c).speed === view.joined.speed);
    await until('every client to be told the final config', () => lastLearningRate(c) === view.worker.learningRate);
  }
}

/** An xor session whose epochs take a while, so commands queue up behind a step in its worker. */
function slowXor(samples: number, units: number): ExperimentConfig {
  const config = getPreset('xor');
  if (!config) throw new Error('core has no xor preset');
  config.dataset = { ...config.dataset, samples };
  config.network.layers = config.network.layers.map((l, i, all) => (i === all.length - 1 ? l : { ...l, units }));
  return config;
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function randomCommand(rng: Rng): unknown {
  return pick(rng, [
    () => ({ type: 'control', command: { action: 'play' } }),
    () => ({ type: 'control', command: { action: 'pause' } }),
    () => ({ type: 'control', command: { action: 'step', unit: pick(rng, ['batch', 'epoch']) } }),
    () => ({ type: 'control', command: { action: 'reset', mode: pick(rng, ['reinit', 'replay']) } }),
    () => ({ type: 'change', change: { what: 'learningRate', value: pick(rng, [0.01, 0.05, 0.1, 0.3]) } }),
    () => ({ type: 'change', change: { what: 'batchSize', value: pick(rng, [0, 4, 16]) } }),
    () => ({ type: 'speed', epochsPerSecond: pick(rng, [null, 50, 500, 5000]) }),
  ])();
}

describe('two or more editors at once', () => {
  it('[R30] a change and a play sent at the same moment leave everyone running, and the next pause pauses', async () => {
    const s = await server.createSession({ config: slowXor(20_000, 64) });
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name) => TestClient.joined(server.url, s.id, s.editToken, name))) as [TestClient, TestClient, TestClient];
    // C's epoch keeps the worker busy, so A's change and B's play both wait in its queue: the change's reply
    // (computed before the play, saying paused) reaches the main thread after the play was handled there.
    c.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    a.send({ type: 'change', change: { what: 'learningRate', value: 0.2 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    b.send({ type: 'control', command: { action: 'play' } });
    await Promise.all([settled(a), settled(b), settled(c)]);
    await expectAgreement(s.id, [a, b, c]);
    expect(lastStatus(b).status).toBe('running');

    b.send({ type: 'control', command: { action: 'pause' } });
    await settled(b);
    await expectAgreement(s.id, [a, b, c]);
    expect(lastStatus(a).status).toBe('paused');
    for (const client of [a, b, c]) client.close();
  });

  for (const seed of [1, 2, 3]) {
    it(`[R30] editors firing random commands end agreeing with the server and its worker (seed ${seed})`, async () => {
      const rng = seededRng(seed);
      const s = await server.createSession({ config: slowXor(4_000, 32) });
      const editors = await Promise.all(['A', 'B', 'C'].map((name) => TestClient.joined(server.url, s.id, s.editToken, name)));
      const viewer = await TestClient.joined(server.url, s.id);
      for (let burst = 0; burst < 8; burst++) {
        // A step first keeps the worker busy, so the burst's commands and replies interleave on the main thread.
        editors[burst % 3]!.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
        for (const e of editors) e.send(randomCommand(rng));
        for (const e of editors) if (rng() < 0.5) e.send(randomCommand(rng));
        await Promise.all(editors.map(settled));
        await expectAgreement(s.id, [...editors, viewer]);
      }

      // Whatever the interleaving left behind, the next pause and play still do what they say.
      editors[1]!.send({ type: 'control', command: { action: 'pause' } });
      await settled(editors[1]!);
      await expectAgreement(s.id, [...editors, viewer]);
      expect(lastStatus(viewer).status).toBe('paused');
      editors[2]!.send({ type: 'control', command: { action: 'play' } });
      await settled(editors[2]!);
      await expectAgreement(s.id, [...editors, viewer]);
      expect(lastStatus(viewer).status).toBe('running');
      for (const c of [...editors, viewer]) c.close();
    });
  }
});
