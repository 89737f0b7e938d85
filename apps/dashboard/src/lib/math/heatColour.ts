import { NEGATIVE_RGB, POSITIVE_RGB } from '../charts/palette.js';

/** Strongest cell tint; light text stays readable on it against the dark panel. */
const MAX_ALPHA = 0.7;
const NON_FINITE = 'rgba(255, 107, 107, 0.55)';

/** Largest finite magnitude in a matrix, the block's colour scale (0 when every cell is 0 or non-finite). */
export function heatScale(matrix: readonly (readonly (number | null)[])[]): number {
  let max = 0;
  for (const row of matrix) {
    for (const v of row) {
      if (v !== null && Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
    }
  }
  return max;
}

/**
 * Diverging cell background: the dashboard's negative colour for `v < 0`, positive for `v > 0`, opacity growing
 * with `|v| / scale`; transparent for 0; a warning red for non-finite values.
 */
export function heatBackground(value: number | null, scale: number): string {
  if (value === null || !Number.isFinite(value)) return NON_FINITE;
  if (value === 0 || scale <= 0) return 'transparent';
  const t = Math.min(1, Math.abs(value) / scale);
  const [r, g, b] = value < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
  return `rgba(${r}, ${g}, ${b}, ${(MAX_ALPHA * t).toFixed(3)})`;
}
