// Global in Node and browsers; declared here because core compiles without DOM or Node types.
declare const performance: { now(): number };

/** Monotonic milliseconds. */
export function now(): number {
  return performance.now();
}
