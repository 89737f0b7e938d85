import { describe, expect, it } from 'vitest';
import { layoutNetwork } from './networkLayout.js';

describe('layoutNetwork', () => {
  const layer = (inputs: number, outputs: number) => ({
    weightRows: outputs,
    weightCols: inputs,
    weights: Float64Array.from({ length: inputs * outputs }, (_, i) => i - 2),
  });
  /** The 64×64 window a snapshot carries of a wider layer; weight `[o][i]` is `o * 1000 + i`. */
  const windowOf = (inputs: number, outputs: number) => {
    const weightRows = Math.min(outputs, 64);
    const weightCols = Math.min(inputs, 64);
    const weights = new Float64Array(weightRows * weightCols);
    for (let o = 0; o < weightRows; o++) for (let i = 0; i < weightCols; i++) weights[o * weightCols + i] = o * 1000 + i;
    return { weightRows, weightCols, weights };
  };

  it('makes one column per layer, inputs first, left to right', () => {
    const l = layoutNetwork([2, 3, 1], [layer(2, 3), layer(3, 1)], 600, 260);
    expect(l.nodes.map((c) => c.length)).toEqual([2, 3, 1]);
    expect(l.nodes[0]![0]!.x).toBeLessThan(l.nodes[1]![0]!.x);
    expect(l.edges).toHaveLength(2 * 3 + 3 * 1);
  });

  it('reads weights as [outputs][inputs]', () => {
    const l = layoutNetwork([2, 3], [layer(2, 3)], 600, 260);
    const e = l.edges.find((x) => x.to.index === 2 && x.from.index === 1)!;
    expect(e.weight).toBe(2 * 2 + 1 - 2);
    expect(l.maxAbsWeight).toBe(3);
  });

  it('caps tall columns and says how many are hidden', () => {
    const l = layoutNetwork([2, 40], [layer(2, 40)], 600, 260, 10);
    expect(l.nodes[1]).toHaveLength(10);
    expect(l.hidden).toEqual([0, 30]);
    expect(l.edges).toHaveLength(20);
  });

  it('reads a windowed layer with the window\'s stride, not the layer\'s', () => {
    const l = layoutNetwork([1024, 1024], [windowOf(1024, 1024)], 600, 260);
    const e = l.edges.find((x) => x.to.index === 11 && x.from.index === 5)!;
    expect(e.weight).toBe(11 * 1000 + 5);
    expect(l.hidden).toEqual([1012, 1012]);
  });

  it('draws no edge the window does not carry when more neurons are shown than it holds', () => {
    const l = layoutNetwork([100, 100], [windowOf(100, 100)], 600, 260, 100);
    expect(l.nodes[1]).toHaveLength(100);
    expect(l.edges).toHaveLength(64 * 64);
    expect(l.edges.every((x) => x.to.index < 64 && x.from.index < 64)).toBe(true);
  });
});
