import type { Split } from './split.js';
import type { Samples } from './types.js';

/** All rows of a dataset before splitting, row-major. `points` is `[count][2]` or `null` when not 2-D. */
export interface Table {
  inputDim: number;
  outputDim: number;
  x: Float64Array;
  y: Float64Array;
  points: Float64Array | null;
}

/** Both splits of `table`, gathering the rows each split names (for data whose rows come in file order). */
export function splitTable(table: Table, split: Split): { train: Samples; test: Samples } {
  return { train: gatherSamples(table, split.train), test: gatherSamples(table, split.test) };
}

/** Rows `[from, to)` of `table` copied into a fresh {@link Samples}; for rows already in random order. */
export function sliceSamples(table: Table, from: number, to: number): Samples {
  const { inputDim, outputDim } = table;
  return {
    count: to - from,
    x: table.x.slice(from * inputDim, to * inputDim),
    y: table.y.slice(from * outputDim, to * outputDim),
    points: table.points === null ? new Float64Array(0) : table.points.slice(from * 2, to * 2),
  };
}

function gatherSamples(table: Table, rows: Uint32Array): Samples {
  const x = gatherRows(table.x, table.inputDim, rows);
  let points: Float64Array = new Float64Array(0);
  if (table.points === table.x) points = x.slice();
  else if (table.points !== null) points = gatherRows(table.points, 2, rows);
  return { count: rows.length, x, y: gatherRows(table.y, table.outputDim, rows), points };
}

function gatherRows(source: Float64Array, width: number, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i]! * width;
    const to = i * width;
    for (let j = 0; j < width; j++) out[to + j] = source[from + j]!;
  }
  return out;
}
