import { weightAt, type WireLayer } from '@liveprop/protocol';

export interface NodeSpot {
  column: number;
  index: number;
  /** Centre, in the diagram's viewBox units. */
  x: number;
  y: number;
}

export interface EdgeLine {
  from: NodeSpot;
  to: NodeSpot;
  weight: number;
}

export interface NetworkLayout {
  nodes: NodeSpot[][];
  /** How many neurons of each column are not drawn because the column is too tall. */
  hidden: number[];
  edges: EdgeLine[];
  maxAbsWeight: number;
}

/**
 * Places columns of neurons (inputs first) evenly in a `width`×`height` box, at most `maxPerColumn` per column,
 * and lists the weights between drawn neurons that the snapshot's window carries ([R11]).
 */
export function layoutNetwork(
  units: readonly number[],
  layers: readonly Pick<WireLayer, 'weightRows' | 'weightCols' | 'weights'>[],
  width: number,
  height: number,
  maxPerColumn = 12,
  /** Room left of the input column, for the input labels. */
  padLeft = 34,
): NetworkLayout {
  const columns = units.length;
  const padX = 34;
  const padY = 22;
  const nodes: NodeSpot[][] = [];
  const hidden: number[] = [];
  for (let c = 0; c < columns; c++) {
    const shown = Math.min(units[c]!, maxPerColumn);
    hidden.push(units[c]! - shown);
    const x = columns === 1 ? width / 2 : padLeft + (c * (width - padLeft - padX)) / (columns - 1);
    const column: NodeSpot[] = [];
    for (let i = 0; i < shown; i++) {
      const y = shown === 1 ? height / 2 : padY + (i * (height - 2 * padY)) / (shown - 1);
      column.push({ column: c, index: i, x, y });
    }
    nodes.push(column);
  }
  let maxAbsWeight = 1e-9;
  const edges: EdgeLine[] = [];
  for (let l = 0; l < layers.length && l + 1 < columns; l++) {
    const layer = layers[l]!;
    const from = nodes[l]!;
    const to = nodes[l + 1]!;
    if (layer.weights.length !== layer.weightRows * layer.weightCols) continue;
    for (const t of to) {
      for (const f of from) {
        const w = weightAt(layer, t.index, f.index);
        if (w === undefined) continue;
        if (Math.abs(w) > maxAbsWeight) maxAbsWeight = Math.abs(w);
        edges.push({ from: f, to: t, weight: w });
      }
    }
  }
  return { nodes, hidden, edges, maxAbsWeight };
}
