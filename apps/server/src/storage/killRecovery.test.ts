import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './openStore.js';
import type { StoreResult } from './types.js';

function unwrap<T>(result: StoreResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

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
store.createSession({ id: 'k', name: 'killed', config: { seed: 1 }, editTokenHash: 'h', createdAt: 1 });
let epoch = 0;
for (let batch = 1; batch <= 20000; batch++) {
  const rows = [];
  for (let i = 0; i < 500; i++) {
    epoch++;
    rows.push({ epoch, trainLoss: 1 / epoch, testLoss: 2 / epoch, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: epoch % 3 });
  }
  const appended = store.appendMetrics('k', rows);
  if (!appended.ok) { console.error(appended.message); process.exit(3); }
  if (batch % 4 === 0) {
    store.appendEvents('k', [{ epoch, what: 'tick', batch }]);
    const saved = store.saveCheckpoint('k', { epoch, seq: batch, data: { weights: weightsAt(epoch) } });
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

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'liveprop-kill-'));
  buildChildStore(root);
  writeFileSync(join(root, 'child.mjs'), CHILD_SOURCE);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('SIGKILL mid-write', () => {
  it('keeps every committed epoch, event and checkpoint, and the file passes integrity_check', async () => {
    const dataDir = join(root, 'data');
    const { lastEpoch, signal } = await runAndKill(root, dataDir, 60);
    expect(signal).toBe('SIGKILL');
    expect(lastEpoch).toBeGreaterThanOrEqual(60 * 500);

    const store = unwrap(openStore(dataDir));
    const count = unwrap(store.metricsCount('k'));
    // The child may have committed a batch or two after its last report, never fewer than reported.
    expect(count).toBeGreaterThanOrEqual(lastEpoch);
    expect(count % 500).toBe(0);
    expect(unwrap(store.lastMetricsEpoch('k'))).toBe(count);
    const tail = unwrap(store.readMetrics('k', count - 499, count));
    expect(tail).toHaveLength(500);
    expect(tail[499]).toEqual({ epoch: count, trainLoss: 1 / count, testLoss: 2 / count, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: count % 3 });
    let rows = 0;
    for (const piece of unwrap(store.streamMetricsCsv('k'))) rows += piece.split('\n').length - 1;
    expect(rows - 1).toBe(count);

    const events = unwrap(store.listEvents('k'));
    const checkpoint = unwrap(store.loadLatestCheckpoint('k'));
    expect(checkpoint).not.toBeNull();
    // Event and checkpoint are separate commits: the kill may fall between them.
    expect([events.at(-1)?.epoch, events.at(-2)?.epoch]).toContain(checkpoint!.epoch);
    expect(checkpoint!.epoch).toBeGreaterThanOrEqual(lastEpoch - 4 * 500);
    expect(checkpoint!.data).toEqual({ weights: weightsAt(checkpoint!.epoch) });
    expect(events.map((e) => e['batch'])).toEqual(Array.from({ length: events.length }, (_, i) => 4 * (i + 1)));
    store.close();

    const raw = new Database(join(dataDir, 'liveprop.db'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  }, 60_000);
});
