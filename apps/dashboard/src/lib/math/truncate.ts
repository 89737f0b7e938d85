/** Rows and columns a matrix block draws before it says "+N more" (the rest scrolls in on demand). */
export const DEFAULT_WINDOW = 16;
/** Hard cap when a viewer expands a block: keeps the DOM small for 1024-wide layers. */
export const EXPANDED_WINDOW = 64;

/** Which part of a `rows`×`cols` matrix is drawn, and how much is left out on each axis. */
export interface MatrixWindow {
  rows: number;
  cols: number;
  hiddenRows: number;
  hiddenCols: number;
}

/** The top-left window of at most `limit`×`limit` cells. */
export function matrixWindow(rows: number, cols: number, limit = DEFAULT_WINDOW): MatrixWindow {
  const shownRows = Math.min(rows, limit);
  const shownCols = Math.min(cols, limit);
  return { rows: shownRows, cols: shownCols, hiddenRows: rows - shownRows, hiddenCols: cols - shownCols };
}

/** `"+12 more"` or empty when nothing is hidden. */
export function moreLabel(hidden: number): string {
  return hidden > 0 ? `+${hidden} more` : '';
}
