import { WASM_PAGE_BYTES, type WasmMemory } from './webAssemblyApi.js';

/** Block sizes and offsets are multiples of 16 bytes so every row start suits a `v128.load`. */
const ALIGN = 16;

interface FreeBlock {
  start: number;
  end: number;
}

/**
 * Float64Array allocator inside one shared wasm memory, so kernels read and write network buffers in place.
 * The memory is shared, so growing it never detaches a view handed out earlier: each growth yields a new
 * SharedArrayBuffer over the same bytes, and {@link owns} remembers all of them.
 * First-fit over a sorted free list with coalescing; every view comes zeroed, like `new Float64Array(n)`.
 */
export class WasmArena {
  readonly #memory: WasmMemory;
  readonly #maximumBytes: number;
  readonly #buffers = new Set<ArrayBufferLike>();
  #buffer: ArrayBufferLike;
  /** End of the highest block ever handed out and not returned to the top. Offset 0 stays unused. */
  #top = ALIGN;
  readonly #free: FreeBlock[] = [];
  /** Byte offset → block bytes of every live allocation. */
  readonly #live = new Map<number, number>();

  constructor(memory: WasmMemory, maximumBytes: number) {
    this.#memory = memory;
    this.#maximumBytes = maximumBytes;
    this.#buffer = memory.buffer;
    this.#buffers.add(this.#buffer);
  }

  /** A zeroed `Float64Array(length)` living in the wasm memory. */
  alloc(length: number): Float64Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc length must be a non-negative integer, got ${length}`);
    if (length === 0) return new Float64Array(this.#buffer, 0, 0);
    const bytes = Math.ceil((length * 8) / ALIGN) * ALIGN;
    const start = this.#takeFree(bytes) ?? this.#takeTop(bytes);
    this.#live.set(start, bytes);
    return new Float64Array(this.#buffer, start, length).fill(0);
  }

  /** Returns a view from {@link alloc} to the arena; the view must not be used afterwards. */
  free(view: Float64Array): void {
    if (view.length === 0) return;
    const start = view.byteOffset;
    const bytes = this.#live.get(start);
    if (bytes === undefined || !this.owns(view)) {
      throw new RangeError(`free expects a live view from this arena, got one at byte ${start} that is not`);
    }
    this.#live.delete(start);
    this.#release(start, start + bytes);
  }

  /** Whether `view` lies in this arena's memory (the kernels take the WASM path only then). */
  owns(view: Float64Array): boolean {
    return this.#buffers.has(view.buffer);
  }

  /** Bytes held by live allocations. */
  get bytesInUse(): number {
    let n = 0;
    for (const bytes of this.#live.values()) n += bytes;
    return n;
  }

  /** Bytes the memory currently has (it only grows). */
  get bytesReserved(): number {
    return this.#buffer.byteLength;
  }

  #takeFree(bytes: number): number | undefined {
    for (let k = 0; k < this.#free.length; k++) {
      const block = this.#free[k]!;
      if (block.end - block.start < bytes) continue;
      const start = block.start;
      block.start += bytes;
      if (block.start === block.end) this.#free.splice(k, 1);
      return start;
    }
    return undefined;
  }

  #takeTop(bytes: number): number {
    const start = this.#top;
    const end = start + bytes;
    if (end > this.#buffer.byteLength) this.#grow(end);
    this.#top = end;
    return start;
  }

  #grow(needBytes: number): void {
    if (needBytes > this.#maximumBytes) {
      throw new RangeError(`wasm arena needs ${needBytes} bytes, its maximum is ${this.#maximumBytes}`);
    }
    const have = this.#buffer.byteLength;
    const target = Math.min(this.#maximumBytes, Math.max(needBytes, have * 2));
    this.#memory.grow(Math.ceil((target - have) / WASM_PAGE_BYTES));
    this.#buffer = this.#memory.buffer;
    this.#buffers.add(this.#buffer);
  }

  #release(start: number, end: number): void {
    const free = this.#free;
    let k = 0;
    while (k < free.length && free[k]!.start < start) k++;
    free.splice(k, 0, { start, end });
    if (k + 1 < free.length && free[k]!.end === free[k + 1]!.start) {
      free[k]!.end = free[k + 1]!.end;
      free.splice(k + 1, 1);
    }
    if (k > 0 && free[k - 1]!.end === free[k]!.start) {
      free[k - 1]!.end = free[k]!.end;
      free.splice(k, 1);
      k--;
    }
    if (free[k]!.end === this.#top) {
      this.#top = free[k]!.start;
      free.splice(k, 1);
    }
  }
}
