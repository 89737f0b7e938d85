import { afterEach, describe, expect, it, vi } from 'vitest';
import { Trainer } from '../index.js';
import { MT19937 } from '../rng/mt19937.js';
import { between, linearConfig, randomNetworkConfig } from '../testing/blowUpConfigs.js';
import { EpochLog } from './epochLog.js';
import { EPOCH_LOG_STRIDE } from './packedEpochs.js';
import { SANE_LOSS_FACTOR, TrainingState } from './state.js';

const SEEDS = Array.from({ length: 40 }, (_, k) => k + 1);
const SLICES = 40;
const ROLLBACKS = 3;
/** Past the 20 ms between copies of the last sane state: the next epoch that closes current saves one. */
const PAST_SAVE_INTERVAL_MS = 25;

/** Each number's bits: NaN, -0 and ±Infinity compare exactly. */
function bitsOf(packed: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(packed.buffer, packed.byteOffset, packed.length));
}

/** `epochs` epochs one `runEpochs(1)` call each with a callback, into `log`: the per-epoch path, never fused. */
function stepEpochsInto(trainer: Trainer, epochs: number, log: EpochLog): void {
  for (let e = 0; e < epochs && !trainer.diverged; e++) for (const m of trainer.runEpochs(1, () => {})) log.push(m);
}

/** How often the runs met each rule of the batched close where it decides something. */
interface Seen {
  batchClosed: number;
  insaneInBatch: number;
  promotedInBatch: number;
  droppedInBatch: number;
  /** Save decisions that a lowest loss left out of the batched epochs would have turned. */
  lowestDecides: number;
  /**
   * Never inside a batch: the kernel stops at the first non-finite epoch, the run's last, which closes one by one (a
   * kernel that ran on would log epochs the per-epoch twin does not).
   */
  divergences: number;
}

describe('a fused run logged into an EpochLog judges its epochs as the per-epoch path does', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('packs the same records and keeps the same diverged flag, weights and state to roll back to, slice by slice', () => {
    // The per-epoch path may save a candidate at any epoch once the interval since the last save has passed, the fused
    // one only at a run's last epoch. So the clock reads the time every trainer was built at, except in slices of one
    // epoch, which read a time past the interval since any earlier save: there alone both save, at the same epoch.
    const built = performance.now();
    let saving = built;
    let time = built;
    vi.spyOn(performance, 'now').mockImplementation(() => time);
    // The epochs of the fused trainer's log that the batched close judged (the others closed one by one).
    let batched = new Set<number>();
    const finishEpochsLogged = TrainingState.prototype.finishEpochsLogged;
    vi.spyOn(TrainingState.prototype, 'finishEpochsLogged').mockImplementation(function (this: TrainingState, log, sums, count, epochMs) {
      for (let k = 0; k < count; k++) batched.add(log.length + k);
      finishEpochsLogged.call(this, log, sums, count, epochMs);
    });
    const seen: Seen = { batchClosed: 0, insaneInBatch: 0, promotedInBatch: 0, droppedInBatch: 0, lowestDecides: 0, divergences: 0 };

    for (const seed of SEEDS) {
      const rng = new MT19937(seed);
      const config = seed % 2 === 0 ? randomNetworkConfig(seed, rng) : linearConfig(seed, rng);
      const baseRate = config.training.optimizer.learningRate;
      time = built;
      const fused = new Trainer(config);
      const twin = new Trainer(config);
      expect(fused.backend).toBe('wasm');
      const fusedLog = new EpochLog();
      const twinLog = new EpochLog();
      // The lowest loss of the run, and the lowest of the epochs closed one by one.
      let lowest = Infinity;
      let lowestUnbatched = Infinity;
      let savedAt = -Infinity;
      let rollbacks = 0;
      const batchClosedBefore = seen.batchClosed;
      for (let slice = 0; slice < SLICES; slice++) {
        // Mostly a slice of one epoch after a longer one: it may save a candidate, which the next slice's first epoch
        // (batch-closed) promotes or drops. A kicked learning rate now and then makes a sane run spike.
        const afterSave = savedAt === slice - 1;
        const saves = !afterSave && rng.random() < 0.8;
        const epochs = saves ? 1 : between(rng, 2, 40);
        const learningRate = Math.min(100, rng.random() < 0.25 ? baseRate * between(rng, 3, 30) : baseRate);
        if (learningRate !== fused.config.training.optimizer.learningRate) {
          for (const t of [fused, twin]) expect(t.apply({ what: 'learningRate', value: learningRate }).ok).toBe(true);
        }
        if (saves) saving += PAST_SAVE_INTERVAL_MS;
        time = saves ? saving : built;
        const finiteBefore = fused.checkpoint().finite?.epoch;
        batched = new Set();

        fused.runForInto(60_000, epochs, fusedLog);
        stepEpochsInto(twin, epochs, twinLog);
        const a = fusedLog.take();
        const b = twinLog.take();
        expect(bitsOf(a), `seed ${seed}, slice ${slice}: records`).toEqual(bitsOf(b));
        expect(fused.checkpoint(), `seed ${seed}, slice ${slice}: checkpoint`).toEqual(twin.checkpoint());

        for (let k = 0; k < a.length / EPOCH_LOG_STRIDE; k++) {
          const loss = a[k * EPOCH_LOG_STRIDE + 1]!;
          if (!Number.isFinite(loss)) continue;
          lowest = Math.min(lowest, loss);
          const insane = loss > SANE_LOSS_FACTOR * lowest;
          if (!batched.has(k)) lowestUnbatched = Math.min(lowestUnbatched, loss);
          if ((saves || (k === 0 && afterSave)) && insane && loss <= SANE_LOSS_FACTOR * lowestUnbatched) seen.lowestDecides++;
          if (!batched.has(k)) continue;
          seen.batchClosed++;
          if (insane) seen.insaneInBatch++;
          if (k === 0 && afterSave && insane) seen.droppedInBatch++;
        }
        if (batched.has(0) && fused.checkpoint().finite?.epoch !== finiteBefore) seen.promotedInBatch++;
        if (saves) savedAt = slice;
        if (!fused.diverged) continue;
        seen.divergences++;
        if (++rollbacks > ROLLBACKS) break;
        expect(fused.rollback(), `seed ${seed}, slice ${slice}: rollback`).toEqual(twin.rollback());
        expect(fused.snapshot({ grid: 0 }).layers).toEqual(twin.snapshot({ grid: 0 }).layers);
      }
      // The config took the fused path.
      expect(seen.batchClosed, `seed ${seed}: epochs closed in a batch`).toBeGreaterThan(batchClosedBefore);
    }

    // Each rule of the batched close decided something, many times, or this test would prove nothing about it.
    expect(seen.batchClosed).toBeGreaterThan(1000);
    expect(seen.insaneInBatch).toBeGreaterThan(10);
    expect(seen.promotedInBatch).toBeGreaterThan(10);
    expect(seen.droppedInBatch).toBeGreaterThan(5);
    expect(seen.lowestDecides).toBeGreaterThan(5);
    expect(seen.divergences).toBeGreaterThan(5);
  });
});
