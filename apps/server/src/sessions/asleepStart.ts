import { Trainer, tsDenseKernels, type Result, type TrainerCheckpoint } from '@liveprop/core';
import { datasetPoints } from './points.js';
import { Session, type SessionOptions } from './session.js';

/** A session started without a worker, and the checkpoint it sleeps on. */
export interface AsleepStart {
  session: Session;
  checkpoint: TrainerCheckpoint | null;
  /** Whether that checkpoint was built here (a new CSV session's): only memory holds it until it is stored. */
  built: boolean;
}

/**
 * A new session when no worker can be had: made hibernated, at its starting checkpoint, so that creating still works
 * at the cap ([R39]). A CSV's text is kept in checkpoints ([R37]): a new CSV session gets its first one here.
 */
export function startAsleep(base: SessionOptions, init: Pick<SessionOptions['init'], 'config' | 'checkpoint' | 'speed'>): Result<AsleepStart> {
  const { config } = init;
  const first = init.checkpoint ?? null;
  const built = first === null && config.dataset.csv !== undefined ? firstCheckpoint(config) : null;
  if (built !== null && !built.ok) return built;
  const checkpoint = built?.value ?? first;
  // A CSV's points come from its text, which the reported config leaves out: they are kept; others are rebuilt.
  const points = config.dataset.csv === undefined ? {} : { points: datasetPoints(config) };
  const status = checkpoint?.diverged ? ('diverged' as const) : ('paused' as const);
  const asleep = { status, epoch: checkpoint?.epoch ?? 0, canRollback: checkpoint?.diverged ?? false, speed: init.speed ?? null, ...points };
  return { ok: true, value: { session: Session.asleep({ ...base, asleep }), checkpoint, built: built !== null } };
}

/** The checkpoint a worker would start `config` from, built without one (the TypeScript kernels: weights are the same). */
function firstCheckpoint(config: SessionOptions['init']['config']): Result<TrainerCheckpoint> {
  const trainer = Trainer.create(config, { kernels: tsDenseKernels });
  return trainer.ok ? { ok: true, value: trainer.value.checkpoint() } : trainer;
}
