import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetricsRow, Store } from './types.js';
import { forEachBackend } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';

const EPOCHS = 1_000_000;
const BATCH = 10_000;

function metrics(epoch: number): EpochMetricsRow {
  return {
    epoch,
    trainLoss: 1 / epoch,
    testLoss: 2 / epoch,
    trainAccuracy: (epoch % 1000) / 1000,
    testAccuracy: null,
    learningRate: 0.05,
    epochMs: (epoch % 16) / 8,
  };
}

function csvLine(epoch: number): string {
  const m = metrics(epoch);
  return `${epoch},${m.trainLoss},${m.testLoss},${m.trainAccuracy},,${m.learningRate},${m.epochMs}`;
}

/** A full GC on demand, so the memory check measures what is retained, not garbage the GC has not reached yet. */
function retainedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

forEachBackend((backend) => {
  let store: Store;

  beforeAll(async () => {
    store = await backend.create();
    unwrap(await store.createSession({ id: 'big', name: 'big', config: {}, editTokenHash: 'h', createdAt: 1 }));
    const batch: EpochMetricsRow[] = new Array<EpochMetricsRow>(BATCH);
    for (let start = 1; start <= EPOCHS; start += BATCH) {
      for (let i = 0; i < BATCH; i++) batch[i] = metrics(start + i);
      unwrap(await store.appendMetrics('big', batch));
    }
  }, 120_000);

  afterAll(async () => {
    await store.close();
  });

  describe('CSV export of a million epochs', () => {
    it('streams every epoch in order with exact values while holding only a few chunks in memory', async () => {
      expect(unwrap(await store.metricsCount('big'))).toBe(EPOCHS);
      const spots = new Map<number, string>([[1, ''], [4096, ''], [4097, ''], [500_000, ''], [EPOCHS, '']]);
      collectGarbage();
      const before = retainedBytes();
      let pieces = 0;
      let peakGrowth = 0;
      let rows = 0;
      let header = '';
      let largestPiece = 0;
      let expectedEpoch = 1;
      let ordered = true;
      for await (const piece of unwrap(await store.streamMetricsCsv('big'))) {
        if (header === '') {
          header = piece;
          continue;
        }
        largestPiece = Math.max(largestPiece, piece.length);
        const lines = piece.split('\n');
        for (let i = 0; i < lines.length - 1; i++) {
          const line = lines[i]!;
          const epoch = Number(line.slice(0, line.indexOf(',')));
          if (epoch !== expectedEpoch) ordered = false;
          expectedEpoch++;
          if (spots.has(epoch)) spots.set(epoch, line);
          rows++;
        }
        if (++pieces % 25 === 0) {
          collectGarbage();
          peakGrowth = Math.max(peakGrowth, retainedBytes() - before);
        }
      }
      expect(header).toBe('epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs\n');
      expect(rows).toBe(EPOCHS);
      expect(ordered).toBe(true);
      for (const [epoch, line] of spots) expect(line).toBe(csvLine(epoch));
      // The whole export is ~60 MB of text; one piece is one chunk (4096 lines, well under 1 MB), and what stays
      // reachable mid-export is a few chunks, not the history.
      expect(largestPiece).toBeLessThan(1_000_000);
      expect(pieces).toBeGreaterThan(200);
      expect(peakGrowth).toBeLessThan(8 * 1024 * 1024);
    }, 180_000);

    it('reads a window deep in the history without decoding the rest', async () => {
      const window = unwrap(await store.readMetrics('big', 777_000, 777_009));
      expect(window).toEqual(Array.from({ length: 10 }, (_, i) => metrics(777_000 + i)));
    });
  });
});
