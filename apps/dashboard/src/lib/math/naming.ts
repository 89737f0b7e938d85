/**
 * The tutorials' names. A "space" is a set of units: space 0 is the network input `x`, space `l + 1` the output of
 * dense layer `l`; with `layers` dense layers the last space is the output `o`, the others hidden (`h`, or `h1`,
 * `h2`… when there are several). Weights between spaces `l` and `l + 1` are `w01`, `w12`…
 */

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** `12` → `₁₂`. */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPT_DIGITS[Number(d)]!);
}

/** `x`, `h` (or `h1`, `h2`…), `o`. */
export function spaceSymbol(space: number, layers: number): string {
  if (space === 0) return 'x';
  if (space === layers) return 'o';
  return layers === 2 ? 'h' : `h${space}`;
}

/** A unit's header label: inputs count from 0 like `x₀`, neurons from 1 like `h₁`, `o₂` (seeds 000 and 004). */
export function unitLabel(space: number, unit: number, layers: number): string {
  const symbol = spaceSymbol(space, layers);
  return space === 0 ? `${symbol}${subscript(unit)}` : `${symbol}${subscript(unit + 1)}`;
}

/** `w01` for the weights of dense layer 0 (between spaces 0 and 1). */
export function weightName(layer: number): string {
  const from = layer;
  const to = layer + 1;
  return to < 10 ? `w${from}${to}` : `w${from}_${to}`;
}

/** TeX names of one space's quantities. */
export interface SpaceTex {
  /** The space's values: `x` for the input, `a_{h}` for a layer output. */
  value: string;
  z: string;
  delta: string;
  bias: string;
}

export function spaceTex(space: number, layers: number): SpaceTex {
  const s = spaceSymbol(space, layers);
  return { value: space === 0 ? 'x' : `a_{${s}}`, z: `z_{${s}}`, delta: `\\delta_{${s}}`, bias: `b_{${s}}` };
}

/** TeX of a weight matrix name: `w_{01}`. */
export function weightTex(layer: number): string {
  return `w_{${weightName(layer).slice(1)}}`;
}

/** Plain-text names for block headers: `a_h`, `z_o`, `δ_h`, `b_o`. */
export function spaceText(space: number, layers: number): { value: string; z: string; delta: string; bias: string } {
  const s = spaceSymbol(space, layers);
  return { value: space === 0 ? 'x' : `a_${s}`, z: `z_${s}`, delta: `δ_${s}`, bias: `b_${s}` };
}
