import { describe, expect, it } from 'vitest';
import { formatCell } from './formatCell.js';

describe('formatCell', () => {
  it('shows the tutorials’ 8 significant digits', () => {
    expect(formatCell(0.5932699921071872)).toBe('0.59326999');
    expect(formatCell(0.2983711087600027)).toBe('0.29837111');
    expect(formatCell(-0.21707153467853746)).toBe('-0.21707153');
  });
  it('drops trailing zeros so given weights read as typed', () => {
    expect(formatCell(0.15)).toBe('0.15');
    expect(formatCell(1)).toBe('1');
    expect(formatCell(0)).toBe('0');
  });
  it('uses exponent form for tiny and huge magnitudes', () => {
    expect(formatCell(7.29725915e-5)).toBe('7.2972592e-5');
    expect(formatCell(-1.5e9)).toBe('-1.5e9');
  });
  it('names non-finite values, including null from JSON', () => {
    expect(formatCell(null)).toBe('NaN');
    expect(formatCell(Number.NaN)).toBe('NaN');
    expect(formatCell(-Infinity)).toBe('-∞');
  });
  it('honours a smaller digit count', () => expect(formatCell(0.123456789, 3)).toBe('0.123'));
});
