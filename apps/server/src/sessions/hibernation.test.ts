import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMetricColumns, type ServerMessage } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const work = mkdtempSync(join(tmpdir(), 'liveprop-hibernate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(work, `data-${dirs++}`);

/** Polls until `check` holds; the server's idle sweep runs on its own timer. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function health(server: TestServer): Promise<{ sessions: number; workers: number; maxWorkers: number }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { sessions: number; workers: number; maxWorkers: number };
}

const hibernated = (server: TestServer, id: string) => async (): Promise<boolean> => server.registry.get(id)?.awake === false;

function epochsOf(client: TestClient): number[] {
  return client.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns).map((e) => e.epoch) : []));
}

/** Every sequenced frame's seq, in arrival order. */
function seqs(client: TestClient): number[] {
  return client.received.flatMap((m: ServerMessage) => ('seq' in m && m.type !== 'sessionState' && typeof m.seq === 'number' ? [m.seq] : []));
}

describe('hibernation', () => {
  it('[R39] frees the worker of a session idle past the setting, and keeps its viewers joined', async () => {
    const server = await startTestServer({ dataDir: freshDir(), hibernateAfterMs: 300 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics');
    expect(await health(server)).toMatchObject({ workers: 1 });

    await until(hibernated(server, s.id), 'the session hibernates');
    expect(await health(server)).toMatchObject({ sessions: 1, workers: 0 });
    const list = (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string; hibernated: boolean; viewers: number }[];
    expect(list).toEqual([expect.objectContaining({ id: s.id, hibernated: true, viewers: 1, epoch: 1, status: 'paused' })]);
    expect(editor.received.some((m) => m.type === 'resync' || m.type === 'error')).toBe(false);
    editor.close();
    await server.close();
  });

  it('[R39] a running session keeps its worker however long nobody touches it', async () => {
    const server = await startTestServer({ hibernateAfterMs: 100 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'speed', epochsPerSecond: 200 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.registry.get(s.id)?.awake).toBe(true);
    editor.close();
    await server.close();
  });

  it('[R39] a join shows a hibernated session at once — state, history and last snapshot — without waking it', async () => {
    const dataDir = freshDir();
    const server = await startTestServer({ dataDir, hibernateAfterMs: 300 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    for (let i = 0; i < 5; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(5));
    await until(() => editor.received.some((m) => m.type === 'snapshot' && m.snapshot.epoch === 5), 'the snapshot of epoch 5 arrives');
    editor.close();
    await until(async () => server.registry.get(s.id) === undefined, 'the unwatched session leaves memory');
    expect(await health(server)).toMatchObject({ sessions: 0, workers: 0 });

    const viewer = await TestClient.joined(server.url, s.id);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    expect(state).toMatchObject({ status: 'paused', epoch: 5 });
    // Not held while it sleeps, its data points are rebuilt from its config: the same the worker reported.
    const awakeState = editor.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.points).toEqual(awakeState?.type === 'sessionState' && awakeState.points);
    expect(state?.type === 'sessionState' && state.points?.train.x1.length).toBeGreaterThan(0);
    const history = await viewer.next((m) => m.type === 'history');
    expect(history.type === 'history' && [history.count, history.end.at(-1)]).toEqual([5, 5]);
    await until(() => viewer.rawSnapshots.length > 0, 'the stored snapshot arrives');
    expect(viewer.rawSnapshots[0]!.equals(editor.rawSnapshots.at(-1)!)).toBe(true);
    expect(server.registry.get(s.id)?.awake).toBe(false);
    expect((await health(server)).workers).toBe(0);
    viewer.close();
    await server.close();

    // After a restart too: the snapshot comes from the store.
    const again = await startTestServer({ dataDir, hibernateAfterMs: 300 });
    expect(again.registry.get(s.id)).toBeUndefined();
    const late = await TestClient.joined(again.url, s.id);
    await until(() => late.rawSnapshots.length > 0, 'the stored snapshot arrives after a restart');
    expect(late.rawSnapshots[0]!.equals(editor.rawSnapshots.at(-1)!)).toBe(true);
    expect(again.registry.get(s.id)?.awake).toBe(false);
    late.close();
    await again.close();
  });

  it('[R39] a hibernated session in memory lets its last snapshot go once the store has it; a joiner still gets the same bytes', async () => {
    for (const dataDir of [freshDir(), undefined]) {
      const server = await startTestServer({ ...(dataDir === undefined ? {} : { dataDir }), hibernateAfterMs: 300 });
      const s = await server.createSession({ preset: 'xor' });
      const editor = await TestClient.joined(server.url, s.id, s.editToken);
      for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await until(() => editor.received.some((m) => m.type === 'snapshot' && m.snapshot.epoch === 3), 'the snapshot of epoch 3 arrives');
      await until(hibernated(server, s.id), 'the watched session hibernates');
      const session = server.registry.get(s.id)!;
      // With a store, memory keeps none; without one, memory is the only place it is kept.
      if (dataDir === undefined) expect(session.lastSnapshot).not.toBeNull();
      else await until(() => session.lastSnapshot === null, 'memory lets the stored snapshot go');

      const viewer = await TestClient.joined(server.url, s.id);
      await until(() => viewer.rawSnapshots.length > 0, 'the joiner gets the last snapshot');
      expect(viewer.rawSnapshots[0]!.equals(editor.rawSnapshots.at(-1)!)).toBe(true);
      expect(viewer.received.map((m) => m.type).filter((t) => t !== 'presence').slice(0, 4)).toEqual(['welcome', 'sessionState', 'history', 'snapshot']);
      // Woken, it shows its new weights again from memory, and nobody gets the stored one after them.
      editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await until(() => viewer.received.some((m) => m.type === 'snapshot' && m.snapshot.epoch === 4), 'the snapshot of epoch 4 arrives');
      const late = await TestClient.joined(server.url, s.id);
      await until(() => late.rawSnapshots.length > 0, 'a later joiner gets the live snapshot');
      expect(late.rawSnapshots[0]!.equals(viewer.rawSnapshots.at(-1)!)).toBe(true);
      for (const c of [editor, viewer, late]) c.close();
      await server.close();
    }
  });

  it('[R39] play wakes it on the same stream: seq continues, no resync, every epoch kept', async () => {
    const server = await startTestServer({ dataDir: freshDir(), hibernateAfterMs: 300 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await viewer.next((m) => m.type === 'metrics');
    await until(hibernated(server, s.id), 'the session hibernates');
    const streamId = server.registry.get(s.id)!.streamId;

    editor.send({ type: 'speed', epochsPerSecond: 300 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 30));
    editor.send({ type: 'control', command: { action: 'pause' } });
    await viewer.next((m) => m.type === 'status' && m.status === 'paused');
    await until(hibernated(server, s.id), 'the session hibernates again');
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const stepped = await viewer.next((m) => m.type === 'metrics');

    const last = server.registry.get(s.id)!;
    expect(last.streamId).toBe(streamId);
    const epochs = epochsOf(viewer);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    expect(stepped.type === 'metrics' && stepped.columns.epoch[0]).toBe(epochs.length);
    const seen = seqs(viewer);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0]! + i));
    for (const c of [editor, viewer]) expect(c.received.filter((m) => m.type === 'resync' || m.type === 'error')).toEqual([]);
    const csv = (await (await fetch(`${server.url}/api/sessions/${s.id}/metrics.csv`)).text()).trim().split('\n').slice(1);
    expect(csv.map((row) => Number(row.split(',')[0]))).toEqual(epochs);
    editor.close();
    viewer.close();
    await server.close();
  });

  it('[R39] a viewer that left resumes on the same stream after the session left memory', async () => {
    const server = await startTestServer({ dataDir: freshDir(), hibernateAfterMs: 200 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics');
    const state = editor.received.find((m) => m.type === 'sessionState');
    const streamId = state?.type === 'sessionState' ? state.streamId : '';
    await new Promise((resolve) => setTimeout(resolve, 400));
    const lastSeq = editor.lastSeq();
    editor.close();
    await until(async () => server.registry.get(s.id) === undefined, 'the session leaves memory');

    const back = await TestClient.connect(server.url);
    back.send({ type: 'hello', protocol: 1 });
    back.send({ type: 'join', sessionId: s.id, editToken: s.editToken, streamId, lastSeq });
    expect(await back.next((m) => m.type === 'resumed' || m.type === 'resync')).toMatchObject({ type: 'resumed', streamId, fromSeq: lastSeq + 1, toSeq: lastSeq });
    back.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const next = await back.next((m) => m.type === 'metrics');
    expect(next.type === 'metrics' && next.columns.epoch[0]).toBe(2);
    const seen = seqs(back);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => lastSeq + 1 + i));
    back.close();
    await server.close();
  });

  it('[R39] commands racing hibernation are never lost: every step lands, the worker never vanishes mid-command', async () => {
    // Hibernation is started (as the idle sweep does) at random moments around two editors' commands, so commands
    // land on a session that is hibernating or waking. A command pins its session: hibernation waits or gives up.
    const server = await startTestServer({ dataDir: freshDir(), hibernateAfterMs: 600_000 });
    const s = await server.createSession({ preset: 'xor' });
    const a = await TestClient.joined(server.url, s.id, s.editToken, 'A');
    const b = await TestClient.joined(server.url, s.id, s.editToken, 'B');
    const session = server.registry.get(s.id)!;
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    let steps = 0;
    const hibernations: Promise<boolean>[] = [];
    const count = (c: TestClient, type: ServerMessage['type']): number => c.received.filter((m) => m.type === type).length;
    for (let round = 0; round < 24; round++) {
      const who = random() < 0.5 ? a : b;
      const pick = random();
      let answered: () => boolean;
      if (pick < 0.6) {
        who.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
        const epoch = ++steps;
        answered = () => epochsOf(who).includes(epoch);
      } else if (pick < 0.8) {
        const traces = count(who, 'trace') + 1;
        who.send({ type: 'requestTrace', sample: 0 });
        answered = () => count(who, 'trace') >= traces;
      } else {
        const events = count(who, 'event') + 1;
        who.send({ type: 'change', change: { what: 'learningRate', value: 0.1 + round / 100 } });
        answered = () => count(who, 'event') >= events;
      }
      // Half the rounds hibernate once the command is done, so the next one wakes the session; the others start
      // hibernating while the command is on its way or running.
      if (random() < 0.5) {
        await until(answered, `round ${round} is answered`, 30_000);
        hibernations.push(server.registry.hibernation.hibernate(session));
        await hibernations.at(-1);
      } else {
        await pause(Math.floor(random() * 8));
        hibernations.push(server.registry.hibernation.hibernate(session));
      }
    }
    await a.next((m) => m.type === 'metrics' && m.columns.epoch.includes(steps), 30_000);
    const slept = (await Promise.all(hibernations)).filter(Boolean).length;
    // The test means something only if the session slept and woke during it, and some hibernations gave way.
    expect(slept).toBeGreaterThan(2);
    expect(slept).toBeLessThan(hibernations.length);
    for (const c of [a, b]) expect(c.received.filter((m) => m.type === 'error' || m.type === 'resync')).toEqual([]);
    expect(epochsOf(a)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    const late = await TestClient.joined(server.url, s.id);
    expect(late.received.find((m) => m.type === 'sessionState')).toMatchObject({ epoch: steps, status: 'paused' });
    for (const c of [a, b, late]) c.close();
    await server.close();
  }, 120_000);
});

describe('the worker cap', () => {
  it('[R39] refuses a play past the cap with busy naming it, and a paused session makes room by hibernating', async () => {
    const server = await startTestServer({ dataDir: freshDir(), maxWorkers: 1, hibernateAfterMs: 60_000 });
    const first = await server.createSession({ preset: 'xor' });
    const a = await TestClient.joined(server.url, first.id, first.editToken);
    a.send({ type: 'speed', epochsPerSecond: 100 });
    a.send({ type: 'control', command: { action: 'play' } });
    await a.next((m) => m.type === 'status' && m.status === 'running');

    // Creating still works: the new session is stored hibernated until a worker frees up.
    const second = await server.createSession({ preset: 'xor' });
    expect(server.registry.get(second.id)?.awake).toBe(false);
    const b = await TestClient.joined(server.url, second.id, second.editToken);
    b.send({ type: 'control', command: { action: 'play' } });
    const refused = await b.next((m) => m.type === 'error');
    expect(refused).toMatchObject({ code: 'busy', requestType: 'control', message: expect.stringContaining('LIVEPROP_MAX_WORKERS=1') });
    expect(refused.type === 'error' && refused.message).toMatch(/pause a running session/);
    expect(b.received.some((m) => m.type === 'status')).toBe(false);
    const model = await fetch(`${server.url}/api/sessions/${second.id}/model.json`);
    expect([model.status, ((await model.json()) as { error: { code: string } }).error.code]).toEqual([503, 'busy']);

    a.send({ type: 'control', command: { action: 'pause' } });
    await a.next((m) => m.type === 'status' && m.status === 'paused');
    b.send({ type: 'control', command: { action: 'play' } });
    await b.next((m) => m.type === 'status' && m.status === 'running');
    expect(server.registry.get(first.id)?.awake).toBe(false);
    expect(await health(server)).toMatchObject({ workers: 1, maxWorkers: 1 });
    for (const c of [a, b]) c.close();
    await server.close();
  });
});
