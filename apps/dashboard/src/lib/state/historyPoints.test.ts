import { describe, expect, it } from 'vitest';
import type { HistoryMessage } from '@liveprop/protocol';
import { historyPoints } from './historyPoints.js';

describe('historyPoints', () => {
  const empty = { min: [], max: [] };
  const history: HistoryMessage = {
    type: 'history', sessionId: 's', from: 0, to: 9, count: 10, full: false,
    start: [0, 5], end: [4, 9],
    series: {
      trainLoss: { min: [0.2, 0.1], max: [0.9, 0.1] },
      testLoss: empty, trainAccuracy: empty, testAccuracy: empty, learningRate: empty,
    },
  };

  it('gives min and max for a bucket that varies, one point for a flat bucket', () => {
    expect(historyPoints(history, 'trainLoss')).toEqual([{ x: 0, y: 0.2 }, { x: 4, y: 0.9 }, { x: 5, y: 0.1 }]);
  });

  it('gives nothing for a series with no values', () => expect(historyPoints(history, 'testLoss')).toEqual([]));
});
