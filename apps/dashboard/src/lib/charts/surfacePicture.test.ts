import { describe, expect, it } from 'vitest';
import { classRgb, NEGATIVE_RGB, NEUTRAL_RGB, POSITIVE_RGB } from './palette.js';
import { axisTicks, classShade, paintSurface, surfaceColouring } from './surfacePicture.js';

const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) => [...rgba.slice(4 * (y * width + x), 4 * (y * width + x) + 3)];

describe('paintSurface', () => {
  it('draws the arg-max class of a 3-class grid in that class’s colour, sure cells at full strength', () => {
    // 2×2 grid, class-major planes: top-left class 0, top-right class 1, bottom row class 2, all certain.
    const values = new Float32Array([1, 0, 0, 0, /* class 1 */ 0, 1, 0, 0, /* class 2 */ 0, 0, 1, 1]);
    const grid = { size: 2, channels: 3, values };
    const colouring = surfaceColouring(grid, 'probability');
    expect(colouring).toEqual({ kind: 'classes', classes: 3 });
    const rgba = new Uint8ClampedArray(4 * 8 * 8);
    paintSurface(rgba, 8, 8, grid, colouring);
    expect(pixel(rgba, 8, 0, 0)).toEqual([...classRgb(0)]);
    expect(pixel(rgba, 8, 7, 0)).toEqual([...classRgb(1)]);
    expect(pixel(rgba, 8, 0, 7)).toEqual([...classRgb(2)]);
    expect(pixel(rgba, 8, 7, 7)).toEqual([...classRgb(2)]);
  });

  it('fades a class towards neutral as the network grows unsure: a 1/3 tie among 3 classes is neutral', () => {
    expect(classShade(2, 1 / 3, 3)).toEqual([...NEUTRAL_RGB]);
    expect(classShade(2, 1, 3)).toEqual([...classRgb(2)]);
    const half = classShade(1, 2 / 3, 3);
    expect(half[2]).toBeGreaterThan(POSITIVE_RGB[2]);
    expect(half[2]).toBeLessThan(NEUTRAL_RGB[2]);
  });

  it('interpolates between cell centres: the midpoint of a 0→1 probability grid is neutral, the ends are the scale’s ends', () => {
    const grid = { size: 2, channels: 1, values: new Float32Array([0, 1, 0, 1]) };
    const colouring = surfaceColouring(grid, 'probability');
    const rgba = new Uint8ClampedArray(4 * 101 * 1);
    paintSurface(rgba, 101, 1, grid, colouring);
    expect(pixel(rgba, 101, 0, 0)).toEqual([...NEGATIVE_RGB]);
    expect(pixel(rgba, 101, 50, 0)).toEqual([...NEUTRAL_RGB]);
    expect(pixel(rgba, 101, 100, 0)).toEqual([...POSITIVE_RGB]);
    // Smooth: neighbouring pixels differ by a little, not a cell-sized jump.
    const step = Math.abs(pixel(rgba, 101, 40, 0)[0]! - pixel(rgba, 101, 41, 0)[0]!);
    expect(step).toBeLessThan(10);
  });

  it('puts a saturated border where the logits cross, not halfway between cell centres (no staircase)', () => {
    // Cell centres at pixels 24.75 and 75.25; logits −4 and 12 cross zero a quarter of the way, at pixel ≈37.4.
    // Interpolating the probabilities (0.018 → 0.99999) would cross 0.5 near pixel 49.5.
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const grid = { size: 2, channels: 1, values: new Float32Array([sigmoid(-4), sigmoid(12), sigmoid(-4), sigmoid(12)]) };
    const rgba = new Uint8ClampedArray(4 * 101);
    paintSurface(rgba, 101, 1, grid, surfaceColouring(grid, 'probability'));
    const blueness = (x: number) => pixel(rgba, 101, x, 0)[2]! - pixel(rgba, 101, x, 0)[0]!;
    expect(blueness(35)).toBeLessThan(0);
    expect(blueness(40)).toBeGreaterThan(0);
    expect(blueness(45)).toBeGreaterThan(0);
  });

  it('takes the arg-max class from interpolated log-probabilities, and draws a NaN grid neutral', () => {
    // Left column: class 0 barely (0.6 vs 0.4); right column: class 1 surely (1 − 3e-4). The log-probabilities'
    // difference crosses zero 5% of the way (pixel ≈27), the probabilities' 17% of the way (pixel ≈33).
    const values = new Float32Array([0.6, 3e-4, 0.6, 3e-4, /* class 1 */ 0.4, 1 - 3e-4, 0.4, 1 - 3e-4]);
    const grid = { size: 2, channels: 2, values };
    const rgba = new Uint8ClampedArray(4 * 101);
    paintSurface(rgba, 101, 1, grid, surfaceColouring(grid, 'probability'));
    const blueness = (x: number) => pixel(rgba, 101, x, 0)[2]! - pixel(rgba, 101, x, 0)[0]!;
    expect(pixel(rgba, 101, 24, 0)).toEqual([...classShade(0, 0.6, 2)]);
    expect(blueness(25)).toBeLessThan(0);
    expect(blueness(30)).toBeGreaterThan(0);
    const nan = { size: 2, channels: 2, values: new Float32Array(8).fill(Number.NaN) };
    paintSurface(rgba, 101, 1, nan, surfaceColouring(nan, 'probability'));
    expect(pixel(rgba, 101, 50, 0)).toEqual([...NEUTRAL_RGB]);
  });

  it('scales a regression output symmetrically by its largest magnitude and says so in the colouring', () => {
    const grid = { size: 2, channels: 1, values: new Float32Array([-4, 2, 0, 1]) };
    expect(surfaceColouring(grid, 'auto')).toEqual({ kind: 'diverging', min: -4, max: 4, link: 'identity' });
    expect(surfaceColouring(grid, 'symmetric')).toEqual({ kind: 'diverging', min: -1, max: 1, link: 'atanh' });
    expect(surfaceColouring(grid, 'probability')).toEqual({ kind: 'diverging', min: 0, max: 1, link: 'logit' });
  });
});

describe('axisTicks', () => {
  it('gives round ticks across the extent', () => {
    expect(axisTicks(-6, 6)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(axisTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});
