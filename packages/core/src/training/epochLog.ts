import type { EpochMetrics } from '../contract/config.js';
import { epochRecord } from './epochRecord.js';

/** Numbers an epoch takes in an {@link EpochLog}: epoch, the two losses, the two accuracies, rate, ms, null flags. */
export const EPOCH_LOG_STRIDE = 8;
const TRAIN_ACCURACY_NULL = 1;
const TEST_ACCURACY_NULL = 2;
const INITIAL_EPOCHS = 256;

/**
 * Epoch metrics packed {@link EPOCH_LOG_STRIDE} numbers an epoch in one growing Float64Array, for callers that hand
 * many epochs on (a session worker posting a tick's worth to its main thread): {@link Trainer.runForInto} appends to
 * it without building a record an epoch, which on a network as small as xor costs ~10 % of the epoch. Lossless: NaN,
 * ±Infinity and null accuracies come back from {@link at} and {@link unpackEpochs} as they went in.
 */
export class EpochLog {
  private data = new Float64Array(EPOCH_LOG_STRIDE * INITIAL_EPOCHS);
  /** Epochs held. */
  length = 0;

  /** Appends one epoch's metrics. */
  append(epoch: number, trainLoss: number, testLoss: number, trainAccuracy: number | null, testAccuracy: number | null, learningRate: number, epochMs: number): void {
    let o = this.length * EPOCH_LOG_STRIDE;
    if (o + EPOCH_LOG_STRIDE > this.data.length) this.grow();
    const data = this.data;
    data[o++] = epoch;
    data[o++] = trainLoss;
    data[o++] = testLoss;
    data[o++] = trainAccuracy ?? 0;
    data[o++] = testAccuracy ?? 0;
    data[o++] = learningRate;
    data[o++] = epochMs;
    data[o] = (trainAccuracy === null ? TRAIN_ACCURACY_NULL : 0) | (testAccuracy === null ? TEST_ACCURACY_NULL : 0);
    this.length++;
  }

  /** Appends a record. */
  push(m: EpochMetrics): void {
    this.append(m.epoch, m.trainLoss, m.testLoss, m.trainAccuracy, m.testAccuracy, m.learningRate, m.epochMs);
  }

  /** Epoch `k` (0-based, < {@link length}) as a record. */
  at(k: number): EpochMetrics {
    if (!Number.isInteger(k) || k < 0 || k >= this.length) throw new RangeError(`EpochLog.at: expected 0 to ${this.length - 1}, got ${k}`);
    return recordAt(this.data, k * EPOCH_LOG_STRIDE);
  }

  /** The packed epochs (a copy the caller owns, e.g. to move to another thread), leaving the log empty. */
  take(): Float64Array<ArrayBuffer> {
    const packed = this.data.slice(0, this.length * EPOCH_LOG_STRIDE);
    this.length = 0;
    return packed;
  }

  /** Drops every epoch held. */
  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const bigger = new Float64Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }
}

/** The records of epochs an {@link EpochLog} packed (its {@link EpochLog.take}). */
export function unpackEpochs(packed: Float64Array): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let o = 0; o + EPOCH_LOG_STRIDE <= packed.length; o += EPOCH_LOG_STRIDE) out.push(recordAt(packed, o));
  return out;
}

function recordAt(data: Float64Array, o: number): EpochMetrics {
  const nulls = data[o + 7]!;
  const trainAccuracy = nulls & TRAIN_ACCURACY_NULL ? null : data[o + 3]!;
  const testAccuracy = nulls & TEST_ACCURACY_NULL ? null : data[o + 4]!;
  return epochRecord(data[o]!, data[o + 1]!, data[o + 2]!, trainAccuracy, testAccuracy, data[o + 5]!, data[o + 6]!);
}
