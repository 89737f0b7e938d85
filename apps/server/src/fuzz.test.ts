import { PROTOCOL_VERSION, type ServerMessage } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedFrame, seededRng, validFrame } from './testing/fuzzFrames.js';
import { TestClient } from './testing/testClient.js';
import { startTestServer, type TestServer } from './testing/testServer.js';

/** Override with FUZZ_SEED to explore; a failure names the seed to replay. */
const SEED = Number(process.env.FUZZ_SEED ?? 20260522);
const ROUNDS = 400;

/** What a client believes the session looks like, from the frames it received, in order. */
interface Belief {
  config: unknown;
  status: string;
  epoch: number;
  seq: number;
}

function believe(belief: Belief | null, m: ServerMessage): Belief | null {
  if (m.type === 'sessionState') return { config: m.config, status: m.status, epoch: m.epoch, seq: m.seq };
  if (belief === null || !('seq' in m)) return belief;
  const next = { ...belief, seq: m.seq };
  if (m.type === 'event') Object.assign(next, { config: m.config, epoch: m.epoch });
  if (m.type === 'status') Object.assign(next, { status: m.status, epoch: m.epoch });
  if (m.type === 'metrics' && m.columns.epoch.length > 0) next.epoch = m.columns.epoch.at(-1)!;
  return next;
}

interface Slot {
  editor: boolean;
  client: TestClient | null;
  /** Frames of every incarnation, in order; a resumed connection continues the same belief. */
  frames: ServerMessage[];
  seen: number;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('fuzz', () => {
  it(`[R3][R4][R5] survives ${ROUNDS} random valid and malformed frames with disconnects (seed ${SEED}), and every client agrees`, async () => {
    const rng = seededRng(SEED);
    const s = await server.createSession({ preset: 'xor' });
    const slots: Slot[] = [true, true, false, false].map((editor) => ({ editor, client: null, frames: [], seen: 0 }));

    const harvest = (slot: Slot): void => {
      if (slot.client === null) return;
      slot.frames.push(...slot.client.received.slice(slot.seen));
      slot.seen = slot.client.received.length;
      expect(slot.client.invalid).toEqual([]);
    };
    const connect = async (slot: Slot, resume: boolean): Promise<void> => {
      const belief = slot.frames.reduce<Belief | null>(believe, null);
      const streamId = slot.frames.findLast((m) => m.type === 'sessionState');
      const client = await TestClient.connect(server.url);
      slot.client = client;
      slot.seen = 0;
      client.send({ type: 'hello', protocol: PROTOCOL_VERSION });
      client.send({
        type: 'join', sessionId: s.id, ...(slot.editor ? { editToken: s.editToken } : {}),
        ...(resume && belief && streamId?.type === 'sessionState' ? { lastSeq: belief.seq, streamId: streamId.streamId } : {}),
      });
      await client.next((m) => m.type === 'sessionState' || m.type === 'resumed');
    };
    for (const slot of slots) await connect(slot, false);

    for (let round = 0; round < ROUNDS; round++) {
      const slot = slots[Math.floor(rng() * slots.length)]!;
      const roll = rng();
      const open = slot.client?.ws.readyState === 1;
      if (!open || roll < 0.04) {
        harvest(slot);
        slot.client?.ws.terminate();
        if (slot.client) await slot.client.closed;
        await connect(slot, rng() < 0.7);
      } else if (roll < 0.55) {
        slot.client!.send(validFrame(rng));
      } else {
        const frame = malformedFrame(rng);
        slot.client!.ws.send(frame);
      }
      if (round % 8 === 0) await new Promise((r) => setTimeout(r, 40));
    }

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);

    const editor = slots[0]!;
    for (const slot of slots) if (slot.client?.ws.readyState !== 1) await connect(slot, true);
    editor.client!.send({ type: 'control', command: { action: 'pause' } });
    editor.client!.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    editor.client!.send({ type: 'setName', name: 'final' });
    const marker = await editor.client!.next((m) => m.type === 'presence' && m.viewers.some((v) => v.name === 'final'), 20_000);
    const finalSeq = marker.type === 'presence' ? marker.seq : -1;
    for (const slot of slots) {
      await slot.client!.seen((m) => 'seq' in m && m.type !== 'sessionState' && m.seq >= finalSeq, 20_000);
      harvest(slot);
    }

    const probe = await TestClient.joined(server.url, s.id);
    const truth = probe.received.find((m) => m.type === 'sessionState');
    if (truth?.type !== 'sessionState') throw new Error('probe got no sessionState');
    expect(truth.status).toBe('paused');
    for (const slot of slots) {
      const belief = slot.frames.reduce<Belief | null>(believe, null);
      expect(belief).toEqual({ config: truth.config, status: truth.status, epoch: truth.epoch, seq: finalSeq });
    }
    if (process.env.FUZZ_STATS) {
      const all = slots.flatMap((x) => x.frames);
      const count = (pred: (m: ServerMessage) => boolean): number => all.filter(pred).length;
      const codes: Record<string, number> = {};
      for (const m of all) if (m.type === 'error') codes[m.code] = (codes[m.code] ?? 0) + 1;
      console.log(JSON.stringify({ finalSeq, epoch: truth.epoch, events: truth.events.length, resumed: count((m) => m.type === 'resumed'), resync: count((m) => m.type === 'resync'), states: count((m) => m.type === 'sessionState'), codes }));
    }
    probe.close();
    for (const slot of slots) slot.client?.close();
  });
});
