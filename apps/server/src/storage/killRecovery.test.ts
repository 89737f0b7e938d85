import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trainer, type TrainerCheckpoint } from '@liveprop/core';
import { fromMetricColumns, sessionListSchema } from '@liveprop/protocol';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../testing/storeResults.js';
import { spawnServer } from '../testing/childServer.js';
import { TestClient } from '../testing/testClient.js';
import { openStore } from './openStore.js';

const here = dirname(fileURLToPath(import.meta.url));
const serverRoot = join(here, '..', '..');

/**
 * The child runs the store's current sources as plain JS. They are transpiled here rather than taken from dist so
 * the test never runs a stale build; `node_modules` is linked so `better-sqlite3` resolves as in the real server.
 */
function buildChildStore(root: string): void {
  const out = join(root, 'storage');
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(here)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const js = ts.transpileModule(readFileSync(join(here, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    }).outputText;
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), js);
  }
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  symlinkSync(join(serverRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
}

/** Deterministic "weights" of the checkpoint at `epoch`, computed the same way in child and test. */
const WEIGHTS_SOURCE = 'const weightsAt = (epoch) => Array.from({ length: 64 }, (_, i) => Math.sin(epoch * 0.001 + i));';
const weightsAt = new Function(`${WEIGHTS_SOURCE} return weightsAt;`)() as (epoch: number) => number[];

/** Appends 500-epoch batches forever; every 4th batch also logs an event and saves a checkpoint. Prints each commit. */
const CHILD_SOURCE = `
import { openStore } from './storage/openStore.js';
${WEIGHTS_SOURCE}
const opened = openStore(process.argv[2]);
if (!opened.ok) { console.error(opened.message); process.exit(2); }
const store = opened.value;
await store.createSession({ id: 'k', name: 'killed', config: { seed: 1 }, editTokenHash: 'h', createdAt: 1 });
let epoch = 0;
for (let batch = 1; batch <= 20000; batch++) {
  const rows = [];
  for (let i = 0; i < 500; i++) {
    epoch++;
    rows.push({ epoch, trainLoss: 1 / epoch, testLoss: 2 / epoch, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: epoch % 3 });
  }
  const appended = await store.appendMetrics('k', rows);
  if (!appended.ok) { console.error(appended.message); process.exit(3); }
  if (batch % 4 === 0) {
    await store.appendEvents('k', [{ epoch, what: 'tick', batch }]);
    const saved = await store.saveCheckpoint('k', { epoch, seq: batch, data: { weights: weightsAt(epoch) } });
    if (!saved.ok) { console.error(saved.message); process.exit(4); }
  }
  process.stdout.write(epoch + '\\n');
}
`;

/** Starts the child, waits until it has reported `commits` commits, SIGKILLs it; returns the last reported epoch. */
function runAndKill(root: string, dataDir: string, commits: number): Promise<{ lastEpoch: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'child.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastEpoch = 0;
    let seen = 0;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        lastEpoch = Number(line);
        seen++;
      }
      if (seen >= commits && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null) reject(new Error(`expected the child to be killed, it exited with ${code}: ${stderr}`));
      else resolve({ lastEpoch, signal });
    });
  });
}

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'liveprop-kill-'));
  buildChildStore(root);
  writeFileSync(join(root, 'child.mjs'), CHILD_SOURCE);
});

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
});

describe('SIGKILL mid-write', () => {
  it('keeps every committed epoch, event and checkpoint, and the file passes integrity_check', async () => {
    const dataDir = join(root, 'data');
    const { lastEpoch, signal } = await runAndKill(root, dataDir, 60);
    expect(signal).toBe('SIGKILL');
    expect(lastEpoch).toBeGreaterThanOrEqual(60 * 500);

    const store = unwrap(openStore(dataDir));
    const count = unwrap(await store.metricsCount('k'));
    // The child may have committed a batch or two after its last report, never fewer than reported.
    expect(count).toBeGreaterThanOrEqual(lastEpoch);
    expect(count % 500).toBe(0);
    expect(unwrap(await store.lastMetricsEpoch('k'))).toBe(count);
    const tail = unwrap(await store.readMetrics('k', count - 499, count));
    expect(tail).toHaveLength(500);
    expect(tail[499]).toEqual({ epoch: count, trainLoss: 1 / count, testLoss: 2 / count, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: count % 3 });
    let rows = 0;
    for await (const piece of unwrap(await store.streamMetricsCsv('k'))) rows += piece.split('\n').length - 1;
    expect(rows - 1).toBe(count);

    const events = unwrap(await store.listEvents('k'));
    const checkpoint = unwrap(await store.loadLatestCheckpoint('k'));
    expect(checkpoint).not.toBeNull();
    // Event and checkpoint are separate commits: the kill may fall between them.
    expect([events.at(-1)?.epoch, events.at(-2)?.epoch]).toContain(checkpoint!.epoch);
    expect(checkpoint!.epoch).toBeGreaterThanOrEqual(lastEpoch - 4 * 500);
    expect(checkpoint!.data).toEqual({ weights: weightsAt(checkpoint!.epoch) });
    expect(events.map((e) => e['batch'])).toEqual(Array.from({ length: events.length }, (_, i) => 4 * (i + 1)));
    await store.close();

    const raw = new Database(join(dataDir, 'liveprop.db'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  }, 60_000);
});

const CLI = join(serverRoot, 'dist', 'cli', 'main.js');
/** The server's timer period (CHECKPOINT_EVERY_MS) plus slack for a busy 2-core machine. */
const CHECKPOINT_LAG_MS = 3_000 + 2_000;

/** `liveprop serve` from the build on `dataDir`, port 0; resolves with its URL once it listens. */
function startCli(dataDir: string, children: ChildProcess[]): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(CLI)) throw new Error(`no build at ${CLI}; run pnpm --filter @liveprop/server build first`);
  return spawnServer([CLI, 'serve'], { LIVEPROP_DATA: dataDir, PORT: '0', HOST: '127.0.0.1' }, /serving on (http:\/\/\S+)/, children);
}

describe('SIGKILL of a server that is training', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('[R17] [R20] restarts at the timer checkpoint taken while running, with every shown epoch and event kept', async () => {
    const dataDir = join(root, 'training-data');
    const first = await startCli(dataDir, children);
    const res = await fetch(`${first.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'xor' }) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; editUrl: string };
    const editToken = created.editUrl.split('#edit=')[1]!;
    const editor = await TestClient.joined(first.url, created.id, editToken, 'Ada');
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.2 } });
    await editor.next((m) => m.type === 'event' && m.what === 'learningRate');
    // A modest rate keeps the 2-core machine free; the timer, not the speed, is under test.
    editor.send({ type: 'speed', epochsPerSecond: 400 });
    editor.send({ type: 'control', command: { action: 'play' } });

    /** When each batch of epochs arrived, to know what a viewer had seen some time before the kill. */
    const arrivals: { at: number; epoch: number }[] = [];
    editor.ws.on('message', () => {
      const last = editor.received.at(-1);
      if (last?.type === 'metrics') arrivals.push({ at: performance.now(), epoch: last.columns.epoch.at(-1)! });
    });
    await editor.next((m) => m.type === 'metrics');
    const playedAt = performance.now();
    // Run through at least two timer periods and then some, so the kill falls between checkpoints, not at the first.
    await new Promise((resolve) => setTimeout(resolve, 2 * 3_000 + CHECKPOINT_LAG_MS));
    const statuses = editor.received.flatMap((m) => (m.type === 'status' ? [m.status] : []));
    expect(statuses).toContain('running');
    expect(new Set(statuses.slice(statuses.indexOf('running')))).toEqual(new Set(['running']));
    const killedAt = performance.now();
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    await editor.closed;
    expect(killedAt - playedAt).toBeGreaterThan(CHECKPOINT_LAG_MS);

    const shown = editor.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
    const lastShown = shown.at(-1)!.epoch;
    const seenBefore = arrivals.filter((a) => a.at <= killedAt - CHECKPOINT_LAG_MS).at(-1)?.epoch ?? 0;
    expect(seenBefore).toBeGreaterThan(0);

    const store = unwrap(openStore(dataDir));
    const checkpoint = unwrap(await store.loadLatestCheckpoint(created.id));
    const lastStored = unwrap(await store.lastMetricsEpoch(created.id)) ?? 0;
    await store.close();
    expect(checkpoint).not.toBeNull();
    const cpEpoch = checkpoint!.epoch;
    // Never paused: only the timer can have taken it, within one period (plus slack) of the kill.
    expect(cpEpoch).toBeGreaterThan(seenBefore);
    expect(cpEpoch).toBeLessThanOrEqual(lastStored);
    expect(lastStored).toBeGreaterThanOrEqual(lastShown);
    const expectedModel = Trainer.restore(checkpoint!.data as TrainerCheckpoint).toModel();

    const second = await startCli(dataDir, children);
    const list = sessionListSchema.parse(await (await fetch(`${second.url}/api/sessions`)).json());
    expect(list).toContainEqual(expect.objectContaining({ id: created.id, status: 'paused', epoch: cpEpoch }));
    const model: unknown = await (await fetch(`${second.url}/api/sessions/${created.id}/model.json`)).json();
    expect(model).toEqual(JSON.parse(JSON.stringify(expectedModel)));

    const csv = (await (await fetch(`${second.url}/api/sessions/${created.id}/metrics.csv`)).text()).trim().split('\n');
    const stored = new Map(csv.slice(1).map((row) => [Number(row.split(',')[0]), row] as const));
    expect(shown.filter((m) => !stored.has(m.epoch)).map((m) => m.epoch)).toEqual([]);

    const back = await TestClient.joined(second.url, created.id, editToken);
    const state = back.received.find((m) => m.type === 'sessionState');
    if (state?.type !== 'sessionState') throw new Error('expected a sessionState after join');
    expect(state).toMatchObject({ status: 'paused', epoch: cpEpoch, role: 'editor' });
    expect(state.events[0]).toMatchObject({ what: 'learningRate', by: 'Ada', to: 0.2 });
    const restored = lastStored > cpEpoch ? [expect.objectContaining({ by: 'system', epoch: cpEpoch, from: lastStored, to: { epoch: cpEpoch, weights: 'checkpoint', reapplied: [], notRestored: [] } })] : [];
    expect(state.events.filter((e) => e.what === 'restored')).toEqual(restored);
    await back.close();
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }, 60_000);
});
