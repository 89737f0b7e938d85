import type { EpochMetrics } from '../contract/config.js';
import { epochRecord } from './epochRecord.js';

/** Numbers an epoch takes when packed: the seven {@link EPOCH_COLUMNS}, then the null flags of the two accuracies. */
export const EPOCH_LOG_STRIDE = 8;
/** The metrics of an epoch in the order they are packed (column `c` of epoch `k` is at `k * EPOCH_LOG_STRIDE + c`). */
export const EPOCH_COLUMNS = ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate', 'epochMs'] as const satisfies readonly (keyof EpochMetrics)[];
export type EpochColumn = (typeof EPOCH_COLUMNS)[number];

const FLAGS = 7;
const TRAIN_ACCURACY = 3;
const TEST_ACCURACY = 4;
/** Null flags, by column: an accuracy flagged null packs NaN in its own slot. */
const NULL_FLAG = [0, 0, 0, 1, 2, 0, 0] as const;

/** Epochs given either as records or packed. */
export type EpochBatch = readonly EpochMetrics[] | PackedEpochs;

/**
 * Epochs packed {@link EPOCH_LOG_STRIDE} numbers each in one Float64Array (what {@link EpochLog.take} hands over),
 * read in place: a consumer copies the columns it keeps or encodes them without building a record an epoch, which
 * on a network as small as xor costs ~7 % of the training. Lossless: NaN, ±Infinity, -0 and null accuracies read back
 * as they went in. A null accuracy packs NaN in its own slot, so the seven numbers of a row read as they are give a
 * null as NaN (the server's metric history keeps the rows so, copied whole); its flag tells it from a NaN accuracy.
 */
export class PackedEpochs {
  /** Epochs held. */
  readonly length: number;

  constructor(readonly data: Float64Array) {
    if (data.length % EPOCH_LOG_STRIDE !== 0) throw new RangeError(`PackedEpochs: expected a multiple of ${EPOCH_LOG_STRIDE} numbers, got ${data.length}`);
    this.length = data.length / EPOCH_LOG_STRIDE;
  }

  /** Packs records (an {@link EpochBatch} that is already packed comes back as it is). */
  static of(epochs: EpochBatch): PackedEpochs {
    if (epochs instanceof PackedEpochs) return epochs;
    const data = new Float64Array(epochs.length * EPOCH_LOG_STRIDE);
    for (let k = 0; k < epochs.length; k++) packRecord(data, k * EPOCH_LOG_STRIDE, epochs[k]!);
    return new PackedEpochs(data);
  }

  /** The epochs of `batches`, in order, in one packed array. */
  static concat(batches: readonly PackedEpochs[]): PackedEpochs {
    if (batches.length === 1) return batches[0]!;
    let numbers = 0;
    for (const b of batches) numbers += b.data.length;
    const data = new Float64Array(numbers);
    let at = 0;
    for (const b of batches) {
      data.set(b.data, at);
      at += b.data.length;
    }
    return new PackedEpochs(data);
  }

  /** Epoch number of epoch `k`. */
  epoch(k: number): number {
    return this.data[k * EPOCH_LOG_STRIDE]!;
  }

  /** Column `c` (an index into {@link EPOCH_COLUMNS}) of epoch `k`; only an accuracy can be null. */
  value(k: number, c: number): number | null {
    const o = k * EPOCH_LOG_STRIDE;
    return this.data[o + FLAGS]! & (NULL_FLAG[c] ?? 0) ? null : this.data[o + c]!;
  }

  /**
   * Column `c` (an index into {@link EPOCH_COLUMNS}) of every epoch into `into` from index 0, a null accuracy as NaN,
   * and a 1 in `nulls` (when given) where it is null, else 0; answers how many are null. For encoders that go column
   * by column: one tight loop, no value boxed.
   */
  column(c: number, into: Float64Array, nulls?: Uint8Array): number {
    const d = this.data;
    const flag = NULL_FLAG[c] ?? 0;
    if (flag === 0) {
      for (let k = 0, o = c; k < this.length; k++, o += EPOCH_LOG_STRIDE) into[k] = d[o]!;
      nulls?.fill(0, 0, this.length);
      return 0;
    }
    let count = 0;
    for (let k = 0, o = 0; k < this.length; k++, o += EPOCH_LOG_STRIDE) {
      const isNull = d[o + FLAGS]! & flag ? 1 : 0;
      into[k] = isNull ? Number.NaN : d[o + c]!;
      if (nulls !== undefined) nulls[k] = isNull;
      count += isNull;
    }
    return count;
  }

  /** Epoch `k` as a record. */
  at(k: number): EpochMetrics {
    return recordAt(this.data, k * EPOCH_LOG_STRIDE);
  }

  /** Every epoch as a record. */
  records(): EpochMetrics[] {
    const out: EpochMetrics[] = [];
    for (let o = 0; o < this.data.length; o += EPOCH_LOG_STRIDE) out.push(recordAt(this.data, o));
    return out;
  }

  /** Epochs `from..to-1`, sharing this one's numbers. */
  subarray(from: number, to: number): PackedEpochs {
    return new PackedEpochs(this.data.subarray(from * EPOCH_LOG_STRIDE, to * EPOCH_LOG_STRIDE));
  }
}

/** Writes one epoch's numbers at offset `o` of `data`. */
export function packEpoch(
  data: Float64Array, o: number,
  epoch: number, trainLoss: number, testLoss: number, trainAccuracy: number | null, testAccuracy: number | null, learningRate: number, epochMs: number,
): void {
  data[o] = epoch;
  data[o + 1] = trainLoss;
  data[o + 2] = testLoss;
  data[o + TRAIN_ACCURACY] = trainAccuracy ?? Number.NaN;
  data[o + TEST_ACCURACY] = testAccuracy ?? Number.NaN;
  data[o + 5] = learningRate;
  data[o + 6] = epochMs;
  data[o + FLAGS] = (trainAccuracy === null ? NULL_FLAG[TRAIN_ACCURACY] : 0) | (testAccuracy === null ? NULL_FLAG[TEST_ACCURACY] : 0);
}

/**
 * Packs `count` epochs of a fused run without a test split from offset `o`, numbered from `firstEpoch`, as
 * {@link packEpoch} would one by one: epoch `k`'s summed loss and correct count over `rows` rows are `sums[2k]` and
 * `sums[2k + 1]`; its training accuracy is null unless `countsCorrect`, its test loss NaN and test accuracy null.
 */
export function packUntestedEpochs(
  data: Float64Array, o: number, firstEpoch: number, sums: Float64Array, count: number,
  rows: number, countsCorrect: boolean, learningRate: number, epochMs: number,
): void {
  const flags = NULL_FLAG[TEST_ACCURACY] | (countsCorrect ? 0 : NULL_FLAG[TRAIN_ACCURACY]);
  for (let k = 0; k < count; k++, o += EPOCH_LOG_STRIDE) {
    data[o] = firstEpoch + k;
    data[o + 1] = sums[2 * k]! / rows;
    data[o + 2] = Number.NaN;
    data[o + TRAIN_ACCURACY] = countsCorrect ? sums[2 * k + 1]! / rows : Number.NaN;
    data[o + TEST_ACCURACY] = Number.NaN;
    data[o + 5] = learningRate;
    data[o + 6] = epochMs;
    data[o + FLAGS] = flags;
  }
}

function packRecord(data: Float64Array, o: number, m: EpochMetrics): void {
  packEpoch(data, o, m.epoch, m.trainLoss, m.testLoss, m.trainAccuracy, m.testAccuracy, m.learningRate, m.epochMs);
}

/** The record of the epoch packed at offset `o`. */
export function recordAt(data: Float64Array, o: number): EpochMetrics {
  const nulls = data[o + FLAGS]!;
  const trainAccuracy = nulls & NULL_FLAG[TRAIN_ACCURACY] ? null : data[o + TRAIN_ACCURACY]!;
  const testAccuracy = nulls & NULL_FLAG[TEST_ACCURACY] ? null : data[o + TEST_ACCURACY]!;
  return epochRecord(data[o]!, data[o + 1]!, data[o + 2]!, trainAccuracy, testAccuracy, data[o + 5]!, data[o + 6]!);
}
