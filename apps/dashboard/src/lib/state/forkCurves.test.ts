import { describe, expect, it } from 'vitest';
import { overlayPointsFor, overlayUrl, relatedSessions, relatedUrl, trainLossFromMetricsJson } from './forkCurves.js';

const series = (min: (number | null)[], max: (number | null)[]) => ({ min, max });
const flat = (n: number) => series(Array(n).fill(null), Array(n).fill(null));

/** A `metrics.json` body as the server sends it ([R23]). */
function metricsJson(start: number[], end: number[], min: (number | null)[], max: (number | null)[]): unknown {
  const n = start.length;
  return {
    type: 'history', sessionId: 's', from: 0, to: end.at(-1) ?? 0, count: end.at(-1) ?? 0, full: false, start, end,
    series: { trainLoss: series(min, max), testLoss: flat(n), trainAccuracy: flat(n), testAccuracy: flat(n), learningRate: flat(n) },
    epochs: end.at(-1) ?? 0, lastEpoch: end.at(-1) ?? -1,
  };
}

/** A lobby row as `GET /api/sessions` sends it. */
const row = (r: { id: string; name: string; epoch: number; parentId: string | null; forkEpoch: number | null }) => ({ ...r, status: 'paused', viewers: 0, createdAt: 1 });

describe('fork overlay curves', () => {
  it('labels the parent with its fork epoch and forks by name, with each one\'s listed epoch', () => {
    const list = [
      row({ id: 'a', name: 'spiral', epoch: 900, parentId: null, forkEpoch: null }),
      row({ id: 'b', name: 'lr up', epoch: 400, parentId: 'a', forkEpoch: 120 }),
      row({ id: 'c', name: 'lr down', epoch: 350, parentId: 'b', forkEpoch: 300 }),
      row({ id: 'd', name: 'other', epoch: 1, parentId: null, forkEpoch: null }),
    ];
    expect(relatedSessions(list, 'b')).toEqual([{ id: 'a', label: 'parent @ epoch 120', epoch: 900 }, { id: 'c', label: 'lr down', epoch: 350 }]);
    expect(relatedSessions(list, 'a')).toEqual([{ id: 'b', label: 'lr up', epoch: 400 }]);
    expect(relatedSessions(list, 'd')).toEqual([]);
  });

  it('ignores a deleted parent and a malformed list', () => {
    expect(relatedSessions([row({ id: 'b', name: 'x', epoch: 5, parentId: 'gone', forkEpoch: 3 })], 'b')).toEqual([]);
    expect(relatedSessions({ sessions: 'no' }, 'b')).toEqual([]);
    expect(relatedSessions([{ id: 'b', state: 'paused' }], 'b')).toEqual([]);
  });

  it('[R38] asks the lobby for the session\'s family only, its id encoded, as many rows as a page holds', () => {
    expect(relatedUrl('a/b c')).toBe('/api/sessions?related=a%2Fb%20c&limit=1000');
  });

  it('asks for about one row per pixel of the chart, within the server\'s 1..5000', () => {
    expect(overlayPointsFor(640)).toBe(640);
    expect(overlayPointsFor(9000)).toBe(5000);
    expect(overlayPointsFor(0)).toBe(1000);
    expect(overlayPointsFor(undefined)).toBe(1000);
    expect(overlayUrl('a b', 640)).toBe('/api/sessions/a%20b/metrics.json?points=640');
  });

  it('reads one point per single-epoch bucket and skips non-finite (null) losses', () => {
    expect(trainLossFromMetricsJson(metricsJson([1, 2, 3], [1, 2, 3], [0.5, null, 0.25], [0.5, null, 0.25]))).toEqual([
      { x: 1, y: 0.5 },
      { x: 3, y: 0.25 },
    ]);
  });

  it('keeps a bucket\'s spike and draws a falling curve max-then-min so it does not zigzag', () => {
    const points = trainLossFromMetricsJson(metricsJson([1, 101, 201], [100, 200, 300], [0.5, 0.3, 0.1], [1, 9, 0.2]));
    expect(points).toEqual([
      { x: 1, y: 1 }, { x: 100, y: 0.5 },
      { x: 101, y: 9 }, { x: 200, y: 0.3 },
      { x: 201, y: 0.2 }, { x: 300, y: 0.1 },
    ]);
    const rising = trainLossFromMetricsJson(metricsJson([1, 11], [10, 20], [0.1, 0.3], [0.2, 0.4]));
    expect(rising).toEqual([{ x: 1, y: 0.1 }, { x: 10, y: 0.2 }, { x: 11, y: 0.3 }, { x: 20, y: 0.4 }]);
  });

  it('refuses a body that is not a metrics.json answer', () => {
    expect(trainLossFromMetricsJson('epoch,trainLoss\n1,0.5\n')).toBeNull();
    expect(trainLossFromMetricsJson(JSON.stringify({ type: 'history', start: 'x' }))).toBeNull();
    expect(trainLossFromMetricsJson(JSON.stringify({ error: { code: 'unknown_session' } }))).toBeNull();
  });
});
