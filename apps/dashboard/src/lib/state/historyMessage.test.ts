import { describe, expect, it } from 'vitest';
import type { HistoryMessage } from '@liveprop/protocol';
import { historyPoints, historySummaries } from './historyMessage.js';

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

describe('historySummaries', () => {
  it('turns each bucket into a summary with its epoch count', () => {
    const msg: HistoryMessage = {
      type: 'history', sessionId: 's', from: 1, to: 10, count: 10, full: false, start: [1, 6], end: [5, 10],
      series: {
        trainLoss: { min: [0.2, 0.1], max: [0.9, null] },
        testLoss: { min: [1, 1], max: [1, 1] }, trainAccuracy: { min: [null, null], max: [null, null] },
        testAccuracy: { min: [null, null], max: [null, null] }, learningRate: { min: [0.1, 0.1], max: [0.1, 0.1] },
      },
    };
    const [first, second] = historySummaries(msg);
    expect(first).toMatchObject({ from: 1, to: 5, count: 5, series: { trainLoss: { min: 0.2, max: 0.9 } } });
    expect(second!.series.trainLoss).toEqual({ min: 0.1, max: null });
  });
});
