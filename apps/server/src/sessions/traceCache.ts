import type { StepTraceWire, TraceTarget } from '@liveprop/protocol';

/** Which training state a trace was computed in: the epoch and a counter bumped by every change to the trainer. */
export interface TraceState {
  epoch: number;
  version: number;
}

/** Distinct samples kept per state: several viewers of a paused session each look at their own sample. */
const DEFAULT_CAPACITY = 8;

/**
 * The clipped traces of the current training state, by sample, so a paused session's repeated requests (each viewer
 * refreshes up to 5 times a second) are answered without recomputing. A new state empties it.
 */
export class TraceCache {
  private state: TraceState = { epoch: -1, version: -1 };
  private readonly traces = new Map<TraceTarget, StepTraceWire>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The cached trace of `sample` in `state`, or the one `compute` makes (a throw is not cached). */
  get(state: TraceState, sample: TraceTarget, compute: () => StepTraceWire): StepTraceWire {
    if (state.epoch !== this.state.epoch || state.version !== this.state.version) {
      this.traces.clear();
      this.state = { ...state };
    }
    const cached = this.traces.get(sample);
    if (cached) return cached;
    const trace = compute();
    if (this.traces.size >= this.capacity) {
      const oldest = this.traces.keys().next();
      if (!oldest.done) this.traces.delete(oldest.value);
    }
    this.traces.set(sample, trace);
    return trace;
  }
}
