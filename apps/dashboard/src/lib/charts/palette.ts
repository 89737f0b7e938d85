/** Colours chosen for contrast on the dark background and to stay apart for common colour-vision deficiencies. */
export const SERIES_COLORS = {
  train: '#4ea8ff',
  test: '#ffb347',
  learningRate: '#b692f6',
} as const;

/** Diverging colours for network weights and the decision surface: negative → orange, positive → blue. */
export const NEGATIVE_RGB: readonly [number, number, number] = [245, 147, 34];
export const POSITIVE_RGB: readonly [number, number, number] = [8, 119, 189];
export const NEUTRAL_RGB: readonly [number, number, number] = [232, 234, 235];

/** Blend for `t` in [-1, 1]: -1 fully negative colour, 0 neutral, 1 fully positive. */
export function divergingRgb(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = c < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
  const a = Math.abs(c);
  return [
    Math.round(NEUTRAL_RGB[0] + (end[0] - NEUTRAL_RGB[0]) * a),
    Math.round(NEUTRAL_RGB[1] + (end[1] - NEUTRAL_RGB[1]) * a),
    Math.round(NEUTRAL_RGB[2] + (end[2] - NEUTRAL_RGB[2]) * a),
  ];
}

/** A stable colour for a name when the server did not give one. */
export function colorForName(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 70% 62%)`;
}
