/** One unit of the network (see naming.ts for spaces): hovering or clicking its header focuses it everywhere. */
export interface UnitFocus {
  space: number;
  unit: number;
}

/** What a matrix axis indexes: the units of a space, the samples of the batch, or nothing (a shared bias). */
export type Axis = { kind: 'units'; space: number } | { kind: 'samples' } | { kind: 'single' };

/** Whether index `i` along `axis` is the focused unit. */
export function axisFocused(axis: Axis, i: number, focus: UnitFocus | null): boolean {
  return focus !== null && axis.kind === 'units' && axis.space === focus.space && i === focus.unit;
}

/**
 * Whether a cell belongs to the focused unit: its row or its column is that unit. So focusing `h₁` lights its
 * column in `z_h`, `a_h`, `δ_h`, its row of incoming weights in `w01` and its column of outgoing weights in `w12`.
 */
export function cellFocused(rowAxis: Axis, colAxis: Axis, row: number, col: number, focus: UnitFocus | null): boolean {
  return axisFocused(rowAxis, row, focus) || axisFocused(colAxis, col, focus);
}

/** The same unit, compared by value. */
export function sameUnit(a: UnitFocus | null, b: UnitFocus | null): boolean {
  return a !== null && b !== null && a.space === b.space && a.unit === b.unit;
}
