import { PackedEpochs } from '@liveprop/core';
import type { WorkerEvent } from './workerProtocol.js';

type Tick = Extract<WorkerEvent, { kind: 'tick' }>;

/**
 * A worker event as the worker posts it: a tick's metrics packed into one Float64Array (core's `EpochLog`), moved to
 * the main thread, not copied. Cloning an array of records costs ~1.7 µs a record here (serialize in the worker,
 * deserialize in the main thread), more than a whole xor epoch; the worker's `runForInto` packs them as it trains.
 */
export type WireEvent = Exclude<WorkerEvent, Tick> | (Omit<Tick, 'metrics'> & { metrics: Float64Array });

/**
 * The worker event a {@link WireEvent} carries. A tick's epochs stay packed: the history, the metrics frame and the
 * store read them in place, so the main thread builds no record an epoch (on xor that alone cost ~7 % of training).
 */
export function fromWire(wire: WireEvent): WorkerEvent {
  return wire.kind === 'tick' ? { ...wire, metrics: new PackedEpochs(wire.metrics) } : wire;
}
