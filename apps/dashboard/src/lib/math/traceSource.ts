import type { ExperimentConfig } from '@liveprop/core';
import type { DatasetPoints } from '@liveprop/protocol';
import type { TraceTarget } from './mathState.svelte.js';

/** The last `trace` frame: which target it answers and the trace as it came off the wire. */
export interface TraceFrame {
  sample: TraceTarget;
  trace: unknown;
}

/**
 * What the math view needs from a session: the session store provides it (reactive fields), the view only
 * reads it and asks for traces.
 */
export interface TraceSource {
  readonly config: ExperimentConfig | null;
  readonly points: DatasetPoints;
  readonly epoch: number;
  /** `running` while the session trains on its own: traces then come many steps apart, none is "the step taken". */
  readonly status: string;
  /** Any value that changes identity after each step; the snapshot does. */
  readonly snapshot: unknown;
  readonly traceFrame: TraceFrame | null;
  /** The last refusal of a `requestTrace`, a fresh object each time. */
  readonly traceError: { message: string; at: number } | null;
  /** Sends `requestTrace` for a training row; false when the socket is not open. */
  requestTrace(sample: number): boolean;
  /**
   * Asks for the trace of the batch the next step trains on, where the protocol allows it (`sample: 'batch'`);
   * without it the view offers single samples only.
   */
  requestBatchTrace?(): boolean;
}
