import { describe, expect, it } from 'vitest';
import { EpochLog, Trainer, getPreset, unpackEpochs, type EpochMetrics } from '../index.js';

const FIELDS = ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate', 'epochMs'];

/** Every way a caller gets records: fused (xor, no test split) and layer by layer (spiral has a test split). */
function recordsOf(preset: string): EpochMetrics[] {
  const trainer = new Trainer(getPreset(preset)!);
  const log = new EpochLog();
  trainer.runForInto(1, 3, log);
  let stepped: EpochMetrics | null = null;
  while (stepped === null) stepped = trainer.stepBatch();
  return [...trainer.runEpochs(3), ...trainer.runEpochs(1), stepped, ...trainer.runFor(1, 2), trainer.train(2)!, ...unpackEpochs(log.take())];
}

describe('epoch records', () => {
  it.each(['mavicc-xor', 'spiral'])('are fresh plain objects that JSON, structuredClone and spread copy whole: %s', (preset) => {
    const records = recordsOf(preset);
    expect(new Set(records).size).toBe(records.length);
    for (const m of records) {
      expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
      expect(Object.keys(m)).toEqual(FIELDS);
      for (const field of FIELDS) expect(Object.getOwnPropertyDescriptor(m, field)).toMatchObject({ writable: true, enumerable: true });
      expect(structuredClone(m)).toStrictEqual(m);
      expect({ ...m }).toStrictEqual(m);
      // JSON has no NaN: a missing test loss comes back null.
      expect(JSON.parse(JSON.stringify(m))).toEqual({ ...m, testLoss: Number.isNaN(m.testLoss) ? null : m.testLoss });
    }
  });

  it('hold numbers and nulls as given, whatever the record before held', () => {
    const log = new EpochLog();
    log.append(1, 0.25, Number.NaN, null, null, 0.5, 0.125);
    log.append(2, 1e-300, 0.75, 1, 0, 3, Number.POSITIVE_INFINITY);
    expect(unpackEpochs(log.take())).toStrictEqual([
      { epoch: 1, trainLoss: 0.25, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: null, learningRate: 0.5, epochMs: 0.125 },
      { epoch: 2, trainLoss: 1e-300, testLoss: 0.75, trainAccuracy: 1, testAccuracy: 0, learningRate: 3, epochMs: Number.POSITIVE_INFINITY },
    ]);
  });
});
