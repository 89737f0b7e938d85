import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assembleDenseWat, renderWasmBytesModule } from './generateWasmBytes.mjs';

describe('wasmBytes.ts', () => {
  it('is the assembled dense.wat (regenerate with node src/kernels/generateWasmBytes.mjs)', async () => {
    const committed = await readFile(new URL('./wasmBytes.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderWasmBytesModule(await assembleDenseWat()));
  });
});
