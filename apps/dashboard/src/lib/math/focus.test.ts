import { describe, expect, it } from 'vitest';
import { axisFocused, cellFocused, sameUnit, type Axis } from './focus.js';

const hidden: Axis = { kind: 'units', space: 1 };
const input: Axis = { kind: 'units', space: 0 };
const samples: Axis = { kind: 'samples' };

describe('unit focus', () => {
  it('lights a hidden neuron’s incoming weight row and its activation column', () => {
    const h1 = { space: 1, unit: 0 };
    expect(cellFocused(hidden, input, 0, 1, h1)).toBe(true);
    expect(cellFocused(hidden, input, 1, 1, h1)).toBe(false);
    expect(cellFocused(samples, hidden, 3, 0, h1)).toBe(true);
  });
  it('lights an outgoing weight column of the next layer', () => {
    const output: Axis = { kind: 'units', space: 2 };
    expect(cellFocused(output, hidden, 1, 0, { space: 1, unit: 0 })).toBe(true);
  });
  it('never lights sample rows or a shared bias, and nothing without focus', () => {
    expect(axisFocused(samples, 0, { space: 0, unit: 0 })).toBe(false);
    expect(axisFocused({ kind: 'single' }, 0, { space: 1, unit: 0 })).toBe(false);
    expect(cellFocused(hidden, input, 0, 0, null)).toBe(false);
  });
  it('compares units by value', () => {
    expect(sameUnit({ space: 1, unit: 2 }, { space: 1, unit: 2 })).toBe(true);
    expect(sameUnit({ space: 1, unit: 2 }, null)).toBe(false);
  });
});
