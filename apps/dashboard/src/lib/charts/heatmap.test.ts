import { describe, expect, it } from 'vitest';
import { fillHeatmap, scaleForActivation } from './heatmap.js';
import { NEGATIVE_RGB, POSITIVE_RGB } from './palette.js';

describe('fillHeatmap', () => {
  it("keeps core's grid order: row 0 (largest y) is the top of the image", () => {
    const values = new Float32Array([1, 1, 0, 0]); // top row → class 1, bottom row → class 0
    const rgba = new Uint8ClampedArray(16);
    fillHeatmap(rgba, values, 0, 2, 'probability');
    expect([...rgba.slice(0, 3)]).toEqual([...POSITIVE_RGB]);
    expect([...rgba.slice(8, 11)]).toEqual([...NEGATIVE_RGB]);
  });

  it('scales ReLU-like outputs by their largest value', () => {
    const values = new Float32Array([0, 5, 10, 10]);
    const rgba = new Uint8ClampedArray(16);
    fillHeatmap(rgba, values, 0, 2, 'auto');
    expect([...rgba.slice(8, 11)]).toEqual([...POSITIVE_RGB]);
    expect([...rgba.slice(0, 3)]).toEqual([232, 234, 235]);
  });

  it('reads from the offset of one neuron within a layer array', () => {
    const values = new Float32Array([9, 9, 9, 9, -1, -1, -1, -1]);
    const rgba = new Uint8ClampedArray(16);
    fillHeatmap(rgba, values, 4, 2, 'symmetric');
    expect([...rgba.slice(0, 3)]).toEqual([...NEGATIVE_RGB]);
  });
});

describe('scaleForActivation', () => {
  it('treats sigmoid as a probability and relu as unbounded', () => {
    expect(scaleForActivation('sigmoid')).toBe('probability');
    expect(scaleForActivation('relu')).toBe('auto');
  });
});
