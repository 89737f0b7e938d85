import { describe, expect, it } from 'vitest';
import { createWasmKernels } from './wasmKernels.js';

describe('WasmArena', () => {
  it('hands out zeroed, 16-byte aligned, non-overlapping views', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536 });
    const a = arena.alloc(3).fill(1);
    const b = arena.alloc(5).fill(2);
    expect(a.byteOffset % 16).toBe(0);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.byteLength);
    expect([...a]).toEqual([1, 1, 1]);
    expect(arena.owns(a) && arena.owns(b)).toBe(true);
    expect(arena.owns(new Float64Array(3))).toBe(false);
  });

  it('reuses freed space, zeroed, and coalesces neighbours', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536 });
    const a = arena.alloc(4);
    const b = arena.alloc(4);
    const c = arena.alloc(4);
    arena.alloc(4);
    a.fill(9);
    b.fill(9);
    const aOffset = a.byteOffset;
    arena.free(a);
    arena.free(b);
    const merged = arena.alloc(8);
    expect(merged.byteOffset).toBe(aOffset);
    expect([...merged].every((v) => v === 0)).toBe(true);
    expect(merged.byteOffset + merged.byteLength).toBeLessThanOrEqual(c.byteOffset);
  });

  it('returns everything when all views are freed', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536 });
    const views = [arena.alloc(10), arena.alloc(1), arena.alloc(33)];
    expect(arena.bytesInUse).toBe(80 + 16 + 272);
    for (const v of [views[1]!, views[0]!, views[2]!]) arena.free(v);
    expect(arena.bytesInUse).toBe(0);
    expect(arena.alloc(2).byteOffset).toBe(views[0]!.byteOffset);
  });

  it('rejects a double free and a foreign view, naming the offset', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536 });
    const a = arena.alloc(2);
    arena.free(a);
    expect(() => arena.free(a)).toThrow(`free expects a live view from this arena, got one at byte ${a.byteOffset} that is not`);
    expect(() => arena.free(new Float64Array(2))).toThrow(/free expects a live view/);
  });

  it('refuses to grow past its maximum, naming both sizes', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536, maximumBytes: 131_072 });
    expect(() => arena.alloc(20_000)).toThrow(/wasm arena needs \d+ bytes, its maximum is 131072/);
  });

  it('rejects a negative or fractional length', () => {
    const { arena } = createWasmKernels({ initialBytes: 65_536 });
    expect(() => arena.alloc(-1)).toThrow('alloc length must be a non-negative integer, got -1');
    expect(() => arena.alloc(1.5)).toThrow(/got 1.5/);
  });
});
