import { describe, expect, it } from 'vitest';
import { HistoryBucketer, type HistoryColumns } from './historyBuckets.js';

function columns(epochs: number[], loss: (e: number) => number): HistoryColumns {
  const of = (f: (e: number) => number) => Float64Array.from(epochs, f);
  return {
    epoch: of((e) => e), trainLoss: of(loss), testLoss: of(() => Number.NaN), trainAccuracy: of(() => 0.5),
    testAccuracy: of(() => Number.NaN), learningRate: of(() => 0.1),
  };
}

describe('HistoryBucketer', () => {
  it('[R12] gives the same buckets whether rows come in one run or in uneven pieces', () => {
    const epochs = Array.from({ length: 1000 }, (_, i) => i + 1);
    const cols = columns(epochs, (e) => (e === 613 ? 99 : 1 / e));
    const whole = new HistoryBucketer('s', 1, 1000, 1000, 7);
    whole.add(cols, 0, 1000);
    const pieces = new HistoryBucketer('s', 1, 1000, 1000, 7);
    for (const [a, b] of [[0, 1], [1, 333], [333, 334], [334, 1000]] as const) pieces.add(cols, a, b);
    const expected = whole.finish();
    expect(pieces.finish()).toEqual(expected);
    expect(expected.start.length).toBe(7);
    expect(expected.series.trainLoss.max).toContain(99);
    expect(expected.series.testLoss.min).toEqual(Array(7).fill(null));
  });

  it('ends with a partial bucket and the true count when fewer rows come than announced (a history cut meanwhile)', () => {
    const cols = columns([1, 2, 3, 4, 5], (e) => e);
    const b = new HistoryBucketer('s', 0, 10, 10, 5);
    b.add(cols, 0, 5);
    expect(b.finish()).toMatchObject({ count: 5, full: false, start: [1, 3, 5], end: [2, 4, 5] });
  });

  it('ignores rows past the announced count', () => {
    const cols = columns([1, 2, 3, 4, 5], (e) => e);
    const b = new HistoryBucketer('s', 0, 10, 3, 3);
    b.add(cols, 0, 5);
    expect(b.finish()).toMatchObject({ count: 3, full: true, start: [1, 2, 3], end: [1, 2, 3] });
  });
});
