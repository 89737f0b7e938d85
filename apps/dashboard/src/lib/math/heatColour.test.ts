import { describe, expect, it } from 'vitest';
import { NEGATIVE_RGB, POSITIVE_RGB } from '../charts/palette.js';
import { heatBackground, heatScale } from './heatColour.js';

describe('heatScale', () => {
  it('is the largest finite magnitude, ignoring non-finite cells', () => {
    expect(heatScale([[0.5, -2], [null, 1]])).toBe(2);
  });
  it('is 0 for an all-zero matrix', () => expect(heatScale([[0, 0]])).toBe(0));
});

describe('heatBackground', () => {
  it('colours by sign', () => {
    expect(heatBackground(1, 1)).toBe(`rgba(${POSITIVE_RGB.join(', ')}, 0.700)`);
    expect(heatBackground(-1, 1)).toBe(`rgba(${NEGATIVE_RGB.join(', ')}, 0.700)`);
  });
  it('grows opacity with magnitude relative to the block scale', () => {
    expect(heatBackground(0.5, 2)).toBe(`rgba(${POSITIVE_RGB.join(', ')}, 0.175)`);
  });
  it('leaves zero and an empty scale untinted', () => {
    expect(heatBackground(0, 1)).toBe('transparent');
    expect(heatBackground(3, 0)).toBe('transparent');
  });
  it('flags non-finite values', () => {
    expect(heatBackground(null, 1)).toContain('255, 107, 107');
    expect(heatBackground(Number.POSITIVE_INFINITY, 1)).toContain('255, 107, 107');
  });
});
