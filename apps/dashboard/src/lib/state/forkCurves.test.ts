import { describe, expect, it } from 'vitest';
import { downsampleMinMax, relatedSessions, trainLossFromCsv } from './forkCurves.js';

describe('fork overlay curves', () => {
  it('labels the parent with its fork epoch and forks by name', () => {
    const list = [
      { id: 'a', name: 'spiral', parentId: null, forkEpoch: null },
      { id: 'b', name: 'lr up', parentId: 'a', forkEpoch: 120 },
      { id: 'c', name: 'lr down', parentId: 'b', forkEpoch: 300 },
      { id: 'd', name: 'other', parentId: null, forkEpoch: null },
    ];
    expect(relatedSessions(list, 'b')).toEqual([{ id: 'a', label: 'parent @ epoch 120' }, { id: 'c', label: 'lr down' }]);
    expect(relatedSessions(list, 'a')).toEqual([{ id: 'b', label: 'lr up' }]);
    expect(relatedSessions(list, 'd')).toEqual([]);
  });

  it('ignores a deleted parent and a malformed list', () => {
    expect(relatedSessions([{ id: 'b', name: 'x', parentId: 'gone', forkEpoch: 3 }], 'b')).toEqual([]);
    expect(relatedSessions({ sessions: 'no' }, 'b')).toEqual([]);
  });

  it('reads train loss from metrics.csv and skips non-finite rows', () => {
    const csv = 'epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs\n1,0.5,,1,,0.1,2\n2,,,,,0.1,2\n3,0.25,,1,,0.1,2\n';
    expect(trainLossFromCsv(csv)).toEqual([{ x: 1, y: 0.5 }, { x: 3, y: 0.25 }]);
  });

  it('downsamples a long curve to at most the limit, keeping its extremes in order', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ x: i + 1, y: i === 5000 ? 99 : 1 / (i + 1) }));
    const out = downsampleMinMax(points, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toContainEqual({ x: 5001, y: 99 });
    expect(out).toContainEqual({ x: 10_000, y: 1 / 10_000 });
    expect(out.every((p, i) => i === 0 || p.x > out[i - 1]!.x)).toBe(true);
  });
});
