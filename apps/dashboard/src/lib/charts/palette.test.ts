import { describe, expect, it } from 'vitest';
import { colorForName, divergingRgb, legibleOnDark, NEGATIVE_RGB, NEUTRAL_RGB, POSITIVE_RGB, readableTextOn } from './palette.js';

describe('divergingRgb', () => {
  it('maps -1, 0 and 1 to the negative, neutral and positive colours', () => {
    expect(divergingRgb(-1)).toEqual([...NEGATIVE_RGB]);
    expect(divergingRgb(0)).toEqual([...NEUTRAL_RGB]);
    expect(divergingRgb(1)).toEqual([...POSITIVE_RGB]);
  });
  it('clamps out-of-range and non-finite values', () => {
    expect(divergingRgb(7)).toEqual([...POSITIVE_RGB]);
    expect(divergingRgb(Number.NaN)).toEqual([...NEUTRAL_RGB]);
  });
});

describe('readableTextOn', () => {
  it('puts white text on dark colours and dark text on light ones', () => {
    expect(readableTextOn('#1a237e')).toBe('#ffffff');
    expect(readableTextOn('#ffeb3b')).toBe('#0d1117');
  });
  it('falls back to dark text for colours it cannot parse', () => expect(readableTextOn('hsl(1 2% 3%)')).toBe('#0d1117'));
});

describe('colorForName', () => {
  it('is stable for a name', () => expect(colorForName('Ada')).toBe(colorForName('Ada')));
});

describe('legibleOnDark', () => {
  it('keeps colours that already read well', () => expect(legibleOnDark('#3cb44b')).toBe('#3cb44b'));
  it('lifts navy towards white, keeping it bluish', () => {
    const lifted = legibleOnDark('#000075');
    expect(lifted).not.toBe('#000075');
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(lifted.slice(i, i + 2), 16));
    expect(b).toBeGreaterThan(r!);
    expect(b).toBeGreaterThan(g!);
  });
});
