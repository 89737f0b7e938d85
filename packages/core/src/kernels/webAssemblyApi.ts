/**
 * The slice of the `WebAssembly` global the kernels use. Core compiles without DOM or Node typings,
 * so the global is declared here rather than borrowed from either.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

export interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** Bytes in one wasm memory page. */
export const WASM_PAGE_BYTES = 65_536;

/** The host's `WebAssembly` global; throws when the runtime has none. */
export function getWebAssembly(): WebAssemblyApi {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) throw new Error('WebAssembly kernels need a runtime with WebAssembly, this one has none');
  return api;
}
