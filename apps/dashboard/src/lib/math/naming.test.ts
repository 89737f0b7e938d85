import { describe, expect, it } from 'vitest';
import { spaceSymbol, spaceTex, spaceText, subscript, unitLabel, weightName, weightTex } from './naming.js';

describe('tutorial naming', () => {
  it('names the spaces of a one-hidden-layer net x, h, o', () => {
    expect([0, 1, 2].map((s) => spaceSymbol(s, 2))).toEqual(['x', 'h', 'o']);
  });
  it('numbers hidden spaces when there are several', () => {
    expect([0, 1, 2, 3].map((s) => spaceSymbol(s, 3))).toEqual(['x', 'h1', 'h2', 'o']);
  });
  it('names weights between layers w01, w12 like seed 000', () => {
    expect([weightName(0), weightName(1)]).toEqual(['w01', 'w12']);
    expect(weightTex(1)).toBe('w_{12}');
    expect(weightName(9)).toBe('w9_10');
  });
  it('labels inputs from 0 and neurons from 1', () => {
    expect(unitLabel(0, 2, 2)).toBe('x₂');
    expect(unitLabel(1, 0, 2)).toBe('h₁');
    expect(unitLabel(2, 1, 2)).toBe('o₂');
    expect(unitLabel(2, 11, 3)).toBe('h2₁₂');
  });
  it('gives the a_h / a_o / δ names in TeX and text', () => {
    expect(spaceTex(1, 2)).toEqual({ value: 'a_{h}', z: 'z_{h}', delta: '\\delta_{h}', bias: 'b_{h}' });
    expect(spaceTex(0, 2).value).toBe('x');
    expect(spaceText(2, 2)).toEqual({ value: 'a_o', z: 'z_o', delta: 'δ_o', bias: 'b_o' });
  });
  it('writes subscripts with Unicode digits', () => expect(subscript(105)).toBe('₁₀₅'));
});
