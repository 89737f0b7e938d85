import { describe, expect, it } from 'vitest';
import { layoutNetwork } from './networkLayout.js';

describe('layoutNetwork', () => {
  const layer = (inputs: number, outputs: number) => ({
    inputs,
    outputs,
    weights: Float64Array.from({ length: inputs * outputs }, (_, i) => i - 2),
  });

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
});
