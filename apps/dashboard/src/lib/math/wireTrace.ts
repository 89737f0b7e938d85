import type { StepTrace } from '@liveprop/core';
import { TRACE_WINDOW } from '@liveprop/protocol';

const cut = <T>(values: T[], window: number): T[] => values.slice(0, window);
const cutRows = (rows: number[][], window: number): number[][] => cut(rows, window).map((row) => cut(row, window));

/**
 * Core's trace as a server would put it on the wire ([R19]), after a JSON round trip: every axis cut to `window`,
 * with the true sizes. For unit tests of the view, which cannot reach the server's own clipping.
 */
export function wireTrace(trace: StepTrace, window = TRACE_WINDOW): unknown {
  const size = {
    samples: trace.samples.length,
    layers: trace.layers.map((l) => ({ inputs: l.weights[0]?.length ?? 0, outputs: l.weights.length })),
  };
  const clipped = size.samples > window || size.layers.some((l) => l.inputs > window || l.outputs > window);
  const wire = {
    ...trace,
    samples: cut(trace.samples, window),
    inputs: cutRows(trace.inputs, window),
    targets: cutRows(trace.targets, window),
    outputs: cutRows(trace.outputs, window),
    lossPerSample: cut(trace.lossPerSample, window),
    layers: trace.layers.map((l) => ({
      inputs: cutRows(l.inputs, window),
      z: cutRows(l.z, window),
      a: cutRows(l.a, window),
      delta: cutRows(l.delta, window),
      weights: cutRows(l.weights, window),
      bias: cut(l.bias, window),
      dW: cutRows(l.dW, window),
      db: cut(l.db, window),
      weightsUpdate: cutRows(l.weightsUpdate, window),
      biasUpdate: cut(l.biasUpdate, window),
      weightsAfter: cutRows(l.weightsAfter, window),
      biasAfter: cut(l.biasAfter, window),
    })),
    size,
    window,
    clipped,
  };
  return JSON.parse(JSON.stringify(wire));
}
