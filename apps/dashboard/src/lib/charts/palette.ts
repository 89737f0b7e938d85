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

/**
 * One colour per class (Okabe–Ito order, safe for common colour-vision deficiencies); class 0 and 1 match the
 * binary scale's ends so a two-class softmax looks like a sigmoid. Past 8 classes the hue wheel takes over.
 */
const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  NEGATIVE_RGB, POSITIVE_RGB, [0, 158, 115], [204, 121, 167], [240, 228, 66], [86, 180, 233], [213, 94, 0], [120, 94, 240],
];

export function classRgb(cls: number): readonly [number, number, number] {
  const fixed = CLASS_RGB[cls];
  if (fixed) return fixed;
  const h = ((cls * 137.508) % 360) / 60;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
  return [Math.round(60 + 170 * r), Math.round(60 + 170 * g), Math.round(60 + 170 * b)];
}

export const rgbCss = (c: readonly number[], alpha = 1): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;

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

function parseHex(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : null;
}

function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The same hue, mixed towards white until it has at least 4.5:1 contrast on the dark page background, so a
 * participant's colour stays readable as text and as a chart marker (`#000075` navy would vanish).
 */
export function legibleOnDark(color: string): string {
  const rgb = parseHex(color);
  if (!rgb) return color;
  const background = 0.0056; // luminance of #0d1117
  for (let mix = 0; mix <= 1.0001; mix += 0.05) {
    const lifted = rgb.map((c) => Math.round(c + (255 - c) * mix)) as [number, number, number];
    if ((relativeLuminance(lifted) + 0.05) / (background + 0.05) >= 4.5) {
      return `#${lifted.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    }
  }
  return '#ffffff';
}

/** Black or white, whichever reads better on the `#rrggbb` background (WCAG relative luminance). */
export function readableTextOn(background: string): '#0d1117' | '#ffffff' {
  const rgb = parseHex(background);
  if (!rgb) return '#0d1117';
  const luminance = relativeLuminance(rgb);
  // Contrast against white vs against near-black: pick the larger.
  return (1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.056) ? '#ffffff' : '#0d1117';
}
