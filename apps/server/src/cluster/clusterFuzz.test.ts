import { describe, expect, it } from 'vitest';
import { useCluster, type NodeProcess } from '../testing/clusterHarness.js';
import { FuzzClients, seqGaps } from '../testing/fuzzClients.js';
import { seededRng } from '../testing/fuzzFrames.js';
import { TestClient } from '../testing/testClient.js';

/** Override with FUZZ_SEED to explore; a failure names the seed to replay. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const ROUNDS = 300;
/** Settling again when frames came after the marker (a command or presence change still on its way): at most. */
const SETTLE_TRIES = 4;

const cluster = useCluster(3);

describe('cluster fuzz: three nodes, one Redis, one PostgreSQL', () => {
  it(`[R3][R4][R5] ${ROUNDS} random valid and malformed frames from editors and viewers on every node, drops and resumes on any node (seed ${SEED}); every client agrees`, async () => {
    const [a, b, c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const urls = cluster.nodes.map((n) => n.url);
    const layout = [
      { editor: true, url: b.url }, { editor: true, url: c.url },
      { editor: false, url: a.url }, { editor: false, url: b.url }, { editor: false, url: c.url },
    ];
    const fuzz = new FuzzClients(s, seededRng(SEED), urls, layout);
    await fuzz.connectAll();
    await fuzz.play(ROUNDS);
    for (const node of cluster.nodes) expect((await fetch(`${node.url}/healthz`)).status).toBe(200);

    // A command another node forwarded just before the end may land after the first marker: settle until quiet.
    let agreed: { finalSeq: number; truths: { config: unknown; status: string; epoch: number; seq: number }[] } | null = null;
    for (let attempt = 1; attempt <= SETTLE_TRIES && agreed === null; attempt++) {
      const finalSeq = await fuzz.settle(`final ${attempt}`);
      const probes = [];
      for (const node of cluster.nodes) probes.push(await TestClient.joined(node.url, s.id));
      const truths = probes.map((p) => {
        const state = p.received.find((m) => m.type === 'sessionState');
        if (state?.type !== 'sessionState') throw new Error('probe got no sessionState');
        return { config: state.config, status: state.status, epoch: state.epoch, seq: state.seq };
      });
      for (const p of probes) p.close();
      if (truths[0]!.seq === finalSeq) agreed = { finalSeq, truths };
    }
    if (agreed === null) throw new Error(`frames kept coming after ${SETTLE_TRIES} markers`);
    const { finalSeq, truths } = agreed;
    const truth = truths[0]!;
    expect(truth.status).toBe('paused');
    for (const other of truths) expect({ ...other, seq: 0 }).toEqual({ ...truth, seq: 0 });
    for (const slot of fuzz.slots) expect(fuzz.belief(slot)).toEqual({ ...truth, seq: finalSeq });
    expect(fuzz.invalid).toEqual([]);
    expect(fuzz.slots.flatMap((slot) => seqGaps(slot.frames))).toEqual([]);
    expect(fuzz.disagreements()).toEqual([]);
    if (process.env.FUZZ_STATS) {
      const all = fuzz.slots.flatMap((x) => x.frames);
      const count = (type: string): number => all.filter((m) => m.type === type).length;
      console.log(JSON.stringify({ finalSeq, epoch: truth.epoch, resumed: count('resumed'), resync: count('resync'), states: count('sessionState'), metrics: count('metrics'), errors: count('error') }));
    }
    fuzz.close();
  }, 240_000);
});
