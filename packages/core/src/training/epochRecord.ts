import type { EpochMetrics } from '../contract/config.js';

/** One epoch's record, a plain object: every record core builds comes from here, so all share one shape. */
export function epochRecord(
  epoch: number,
  trainLoss: number,
  testLoss: number,
  trainAccuracy: number | null,
  testAccuracy: number | null,
  learningRate: number,
  epochMs: number,
): EpochMetrics {
  return { epoch, trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs };
}

/**
 * V8 boxes each field that has only ever held numbers in a heap number of its own, one per record; a field that has
 * held something else stores a small integer (the epoch, an accuracy of 1) or a number it already has boxed (NaN) as
 * is. One record of nulls, built before any other, makes every record's fields the second kind: an xor epoch through
 * `stepBatch()` allocates 148 bytes instead of 196, and the garbage collector has that much less to do.
 */
function widenRecordFields(nothing: null): EpochMetrics {
  return { epoch: nothing, trainLoss: nothing, testLoss: nothing, trainAccuracy: nothing, testAccuracy: nothing, learningRate: nothing, epochMs: nothing } as unknown as EpochMetrics;
}
widenRecordFields(null);
