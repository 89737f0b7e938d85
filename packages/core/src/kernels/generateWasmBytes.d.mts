/** Assembles dense.wat into wasm bytes (validated by the host's WebAssembly). */
export function assembleDenseWat(): Promise<Uint8Array>;
/** The TypeScript source of wasmBytes.ts embedding `bytes` as base64. */
export function renderWasmBytesModule(bytes: Uint8Array): string;
