// Global in Node and browsers; declared here because core compiles without DOM or Node types.
declare const performance: { now(): number };

/** Read once: Node's global `performance` is a lazy getter, ~40 ns a read on top of the clock itself. */
const performanceClock = performance;

/** Monotonic milliseconds. */
export function now(): number {
  return performanceClock.now();
}
