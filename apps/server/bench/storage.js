// Storage write/read cost of the session store, on the built dist.
// Usage: pnpm --filter @liveprop/server build && node apps/server/bench/storage.js [--epochs 1000000]
// Bounded: at most --epochs epochs per case (default 1,000,000), in a temp dir removed at the end.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../dist/storage/openStore.js';

const arg = process.argv.indexOf('--epochs');
const EPOCHS = arg > 0 ? Math.min(Number(process.argv[arg + 1]), 5_000_000) : 1_000_000;

function unwrap(result) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

// Shaped like a real run: noisy decaying losses (full-precision doubles), accuracies counted over 400 train and
// 100 test points, a constant learning rate, epoch times with microsecond jitter.
function metrics(epoch) {
  const decay = Math.exp(-epoch / (EPOCHS / 4));
  return {
    epoch,
    trainLoss: 0.69 * decay + 0.01 + Math.random() * 1e-3,
    testLoss: 0.7 * decay + 0.02 + Math.random() * 1e-3,
    trainAccuracy: Math.min(400, Math.round(400 * (1 - 0.5 * decay) + Math.random() * 4)) / 400,
    testAccuracy: Math.min(100, Math.round(100 * (1 - 0.5 * decay) + Math.random() * 2)) / 100,
    learningRate: 0.03,
    epochMs: 0.012 + Math.round(Math.random() * 5000) / 1e6,
  };
}

function fileBytes(path) {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) total += statSync(path + suffix).size;
  return total;
}

const root = mkdtempSync(join(tmpdir(), 'liveprop-bench-storage-'));
const rows = [];
try {
  const cases = [
    { batch: 100, compress: true },
    { batch: 1000, compress: true },
    { batch: 10_000, compress: true },
    { batch: 1000, compress: false },
  ];
  for (const { batch, compress } of cases) {
    const dir = join(root, `batch-${batch}-${compress}`);
    const store = unwrap(openStore(dir, { compressMetrics: compress }));
    unwrap(store.createSession({ id: 's', name: 'bench', config: {}, editTokenHash: 'h', createdAt: Date.now() }));
    const pending = new Array(batch);
    let appendMs = 0;
    for (let start = 1; start <= EPOCHS; start += batch) {
      for (let i = 0; i < batch; i++) pending[i] = metrics(start + i);
      const t0 = performance.now();
      unwrap(store.appendMetrics('s', pending));
      appendMs += performance.now() - t0;
    }
    const path = store.path;
    store.close();
    const bytes = fileBytes(path);
    rows.push({ case: `append, batches of ${batch}${compress ? '' : ', uncompressed'}`, epochs: EPOCHS, 'epochs/s': Math.round(EPOCHS / (appendMs / 1000)), 'ms/batch': +(appendMs / (EPOCHS / batch)).toFixed(3), 'bytes/epoch on disk': +(bytes / EPOCHS).toFixed(1) });

    if (batch === 1000 && compress) {
      const reopened = unwrap(openStore(dir));
      const t0 = performance.now();
      let lines = 0;
      let chars = 0;
      for (const piece of unwrap(reopened.streamMetricsCsv('s'))) {
        chars += piece.length;
        for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) lines++;
      }
      const ms = performance.now() - t0;
      rows.push({ case: 'CSV export (streamMetricsCsv)', epochs: lines - 1, 'epochs/s': Math.round((lines - 1) / (ms / 1000)), 'ms/batch': null, 'bytes/epoch on disk': null, 'CSV MB': +(chars / 1e6).toFixed(1) });
      const t1 = performance.now();
      const reads = 200;
      for (let i = 0; i < reads; i++) {
        const from = 1 + Math.floor(Math.random() * (EPOCHS - 1000));
        unwrap(reopened.readMetrics('s', from, from + 999));
      }
      const readMs = performance.now() - t1;
      rows.push({ case: 'readMetrics, random 1000-epoch window', epochs: reads * 1000, 'epochs/s': Math.round((reads * 1000) / (readMs / 1000)), 'ms/batch': +(readMs / reads).toFixed(3), 'bytes/epoch on disk': null });
      const t2 = performance.now();
      unwrap(reopened.forkSession('s', 'fork', Math.floor(EPOCHS / 2) + 7));
      rows.push({ case: `forkSession at epoch ${Math.floor(EPOCHS / 2) + 7}`, epochs: Math.floor(EPOCHS / 2) + 7, 'epochs/s': null, 'ms/batch': +(performance.now() - t2).toFixed(1), 'bytes/epoch on disk': null });
      reopened.close();
    }
  }
  console.log(`liveprop storage bench — node ${process.version}, ${EPOCHS.toLocaleString('en')} epochs per case, WAL, synchronous=NORMAL`);
  console.table(rows);
} finally {
  rmSync(root, { recursive: true, force: true });
}
