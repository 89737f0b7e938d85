import type { EpochMetrics } from '../contract/config.js';
import { EPOCH_LOG_STRIDE, PackedEpochs, packEpoch, packUntestedEpochs, recordAt } from './packedEpochs.js';

const INITIAL_EPOCHS = 256;

/**
 * Epoch metrics packed {@link EPOCH_LOG_STRIDE} numbers an epoch in one growing Float64Array, for callers that hand
 * many epochs on (a session worker posting a tick's worth to its main thread): {@link Trainer.runForInto} appends to
 * it without building a record an epoch, which on a network as small as xor costs ~10 % of the epoch. Lossless: NaN,
 * ±Infinity and null accuracies come back from {@link at} and {@link PackedEpochs} as they went in.
 */
export class EpochLog {
  private data = new Float64Array(EPOCH_LOG_STRIDE * INITIAL_EPOCHS);
  /** Epochs held. */
  length = 0;

  /** Appends one epoch's metrics. */
  append(epoch: number, trainLoss: number, testLoss: number, trainAccuracy: number | null, testAccuracy: number | null, learningRate: number, epochMs: number): void {
    const o = this.length * EPOCH_LOG_STRIDE;
    if (o + EPOCH_LOG_STRIDE > this.data.length) this.grow();
    packEpoch(this.data, o, epoch, trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs);
    this.length++;
  }

  /**
   * Appends `count` epochs of a fused run without a test split in one loop, numbered from `firstEpoch` (see
   * {@link packUntestedEpochs} for `sums`, `rows` and `countsCorrect`).
   */
  appendUntested(firstEpoch: number, sums: Float64Array, count: number, rows: number, countsCorrect: boolean, learningRate: number, epochMs: number): void {
    const o = this.length * EPOCH_LOG_STRIDE;
    while (o + count * EPOCH_LOG_STRIDE > this.data.length) this.grow();
    packUntestedEpochs(this.data, o, firstEpoch, sums, count, rows, countsCorrect, learningRate, epochMs);
    this.length += count;
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

  /**
   * The packed epochs, leaving the log empty; the caller owns them (e.g. to move their buffer to another thread). At
   * least half full, the log hands over its own array (a view of the epochs held) and writes on in a fresh one, which
   * saves copying a whole tick (~1 % of an xor epoch in the session worker); else it hands over a copy, so a
   * few epochs never carry a big buffer with them.
   */
  take(): Float64Array<ArrayBuffer> {
    const used = this.length * EPOCH_LOG_STRIDE;
    const data = this.data;
    this.length = 0;
    if (2 * used < data.length) return data.slice(0, used);
    this.data = new Float64Array(data.length);
    return used === data.length ? data : new Float64Array(data.buffer, 0, used);
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
  return new PackedEpochs(packed).records();
}
