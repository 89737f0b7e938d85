/** Significant digits the math view shows: the tutorials print 8 (`0.59326999`). */
export const CELL_DIGITS = 8;

/**
 * A matrix cell at `digits` significant digits without trailing zeros (`0.15`, not `0.15000000`); exponent form
 * below 1e-3 and from 1e7 on, so a column of cells stays narrow. `null` is a non-finite value that crossed JSON.
 */
export function formatCell(value: number | null, digits = CELL_DIGITS): string {
  if (value === null || Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e7) {
    const [mantissa = '', exponent = ''] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  return trimZeros(value.toPrecision(digits));
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
