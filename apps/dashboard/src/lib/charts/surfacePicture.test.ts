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

  it('scales a regression output symmetrically by its largest magnitude and says so in the colouring', () => {
    const grid = { size: 2, channels: 1, values: new Float32Array([-4, 2, 0, 1]) };
    expect(surfaceColouring(grid, 'auto')).toEqual({ kind: 'diverging', min: -4, max: 4 });
    expect(surfaceColouring(grid, 'symmetric')).toEqual({ kind: 'diverging', min: -1, max: 1 });
  });
});

describe('axisTicks', () => {
  it('gives round ticks across the extent', () => {
    expect(axisTicks(-6, 6)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(axisTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});
