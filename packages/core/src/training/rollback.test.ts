import { describe, expect, it } from 'vitest';
import { Trainer, getPreset, type EpochMetrics, type ExperimentConfig } from '../index.js';
import { SANE_LOSS_FACTOR } from './state.js';

/** The run: the plane preset under plain SGD at the largest learning rate. */
function blowUp(): ExperimentConfig {
  const config = getPreset('plane')!;
  config.training.optimizer = { kind: 'sgd', learningRate: 100 };
  return config;
}

/** Waits past the 20 ms between saved states, so every epoch end is a candidate to roll back to. */
function waitPastSaveInterval(): void {
  const until = performance.now() + 25;
  while (performance.now() < until);
}

describe('rollback after divergence', () => {
  it('returns to the last epoch whose loss was sane, not the last finite one, and lower learning rate trains on', () => {
    const trainer = new Trainer(blowUp());
    const seen: EpochMetrics[] = [];
    while (!trainer.diverged && seen.length < 200) {
      seen.push(...trainer.runEpochs(1, () => {}));
      waitPastSaveInterval();
    }
    expect(trainer.diverged).toBe(true);
    const finiteLosses = seen.map((m) => m.trainLoss).filter(Number.isFinite);
    const lowest = Math.min(...finiteLosses);
    // The run went through finite epochs far past the factor: a finite state is not yet a sane one.
    expect(Math.max(...finiteLosses)).toBeGreaterThan(SANE_LOSS_FACTOR * lowest);

    const back = trainer.rollback();
    if (!back.ok) throw new Error(back.message);
    // Epoch 0 is the run's start; any later landing had a sane loss, and so had the epoch trained from it.
    for (const epoch of [back.value.epoch, back.value.epoch + 1].filter((e) => e > 0)) {
      expect(seen.find((m) => m.epoch === epoch)!.trainLoss).toBeLessThanOrEqual(SANE_LOSS_FACTOR * lowest);
    }

    // From there a lower learning rate trains: the plane's squared error falls from its starting value.
    expect(trainer.apply({ what: 'learningRate', value: 0.1 }).ok).toBe(true);
    const after = trainer.runEpochs(100);
    expect(trainer.diverged).toBe(false);
    expect(after.at(-1)!.trainLoss).toBeLessThan(0.05);
  });
});
