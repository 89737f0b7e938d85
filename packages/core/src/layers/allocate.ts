/**
 * Where a network's buffers come from. The default is the JS heap; a WASM kernel set passes its own
 * allocator so every buffer lives in its linear memory. Buffers of a replaced shape are simply dropped.
 */
export type Allocate = (length: number) => Float64Array;

/** Plain `new Float64Array(length)`. */
export const allocateFloat64: Allocate = (length) => new Float64Array(length);
