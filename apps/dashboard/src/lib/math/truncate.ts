import { TRACE_WINDOW } from '@liveprop/protocol';

/** Rows and columns a matrix block draws before it says "+N more" (the rest scrolls in on demand). */
export const DEFAULT_WINDOW = 16;
/** Cap when a viewer expands a block: all the server sends ([R19]), which keeps the DOM small for 1024-wide layers. */
export const EXPANDED_WINDOW = TRACE_WINDOW;

/** Rows × columns of a matrix. */
export interface Shape {
  rows: number;
  cols: number;
}

/** Which part of a matrix is drawn, and how much of its true size is left out on each axis. */
export interface MatrixWindow {
  rows: number;
  cols: number;
  hiddenRows: number;
  hiddenCols: number;
  /** Every sent row (or column) is drawn and the matrix has more: expanding further cannot show them. */
  atServerLimit: boolean;
}

/**
 * The top-left window of at most `limit`×`limit` cells of a matrix whose true shape is `size`, of which the server
 * sent the top-left `sent`. Never more than was sent (no blank cells); hidden counts are counted from the true size.
 */
export function matrixWindow(size: Shape, sent: Shape, limit = DEFAULT_WINDOW): MatrixWindow {
  const rows = Math.min(size.rows, sent.rows, limit);
  const cols = Math.min(size.cols, sent.cols, limit);
  const atServerLimit = (rows === sent.rows && size.rows > sent.rows) || (cols === sent.cols && size.cols > sent.cols);
  return { rows, cols, hiddenRows: size.rows - rows, hiddenCols: size.cols - cols, atServerLimit };
}

/** `"+12 more"` or empty when nothing is hidden. */
export function moreLabel(hidden: number): string {
  return hidden > 0 ? `+${hidden} more` : '';
}

/** What a block at the server's limit says next to its "+N more". */
export function serverLimitLabel(window: number): string {
  return `the server sends at most ${window}×${window} of each matrix`;
}
