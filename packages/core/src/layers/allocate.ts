/**
 * Where a network's buffers come from. The default is the JS heap; a WASM kernel set passes its own
 * allocator so every buffer lives in its linear memory.
 */
export type Allocate = (length: number) => Float64Array;

/**
 * Gives a buffer from the matching {@link Allocate} back when its layer or workspace is replaced; the
 * buffer is not used afterwards. Heap buffers need nothing (the garbage collector takes them).
 */
export type Release = (view: Float64Array) => void;

/** Plain `new Float64Array(length)`. */
export const allocateFloat64: Allocate = (length) => new Float64Array(length);

/** The {@link Release} of {@link allocateFloat64}: nothing to do. */
export const releaseNothing: Release = () => {};
