import type { HeatmapScale } from './heatmap.js';
import { classRgb, divergingRgb, NEUTRAL_RGB } from './palette.js';

/** Core's surface: `channels` planes of `size`×`size` cell-centre samples, row 0 on top. */
export interface SurfaceGrid {
  size: number;
  channels: number;
  values: Float32Array;
}

/**
 * How outputs become colours. `classes`: the arg-max class in its colour, stronger the surer the network is.
 * `diverging`: one output on the orange–blue scale from `min` (orange) through the middle to `max` (blue); `link`
 * says which squashing the output went through (sigmoid: `logit`, tanh: `atanh`), so the picture is interpolated
 * before it, where the network is smooth.
 */
export type SurfaceColouring =
  | { kind: 'classes'; classes: number }
  | { kind: 'diverging'; min: number; max: number; link: 'logit' | 'atanh' | 'identity' };

/** The colouring for a surface: several outputs are classes; one output is scaled as its activation suggests. */
export function surfaceColouring(grid: SurfaceGrid, scale: HeatmapScale): SurfaceColouring {
  if (grid.channels > 1) return { kind: 'classes', classes: grid.channels };
  if (scale === 'probability') return { kind: 'diverging', min: 0, max: 1, link: 'logit' };
  if (scale === 'symmetric') return { kind: 'diverging', min: -1, max: 1, link: 'atanh' };
  let maxAbs = 1e-9;
  for (let i = 0; i < grid.size * grid.size; i++) {
    const a = Math.abs(grid.values[i]!);
    if (a > maxAbs && Number.isFinite(a)) maxAbs = a;
  }
  return { kind: 'diverging', min: -maxAbs, max: maxAbs, link: 'identity' };
}

/** Position of `v` on the diverging scale, -1 … 1. */
export function divergingPosition(v: number, colouring: { min: number; max: number }): number {
  return (2 * (v - colouring.min)) / (colouring.max - colouring.min) - 1;
}

/**
 * Colour mixed from neutral towards a class colour by confidence: 1/K (a coin toss among K classes) is
 * neutral, 1 is the full colour.
 */
export function classShade(cls: number, probability: number, classes: number): [number, number, number] {
  const chance = 1 / classes;
  const t = Math.max(0, Math.min(1, (probability - chance) / (1 - chance)));
  const end = classRgb(cls);
  return [
    Math.round(NEUTRAL_RGB[0] + (end[0] - NEUTRAL_RGB[0]) * t),
    Math.round(NEUTRAL_RGB[1] + (end[1] - NEUTRAL_RGB[1]) * t),
    Math.round(NEUTRAL_RGB[2] + (end[2] - NEUTRAL_RGB[2]) * t),
  ];
}

/** Keeps squashed outputs off 0 and ±1, where logit and atanh are infinite (float32 rounds 1 − 1e-8 to 1). */
const EDGE = 1e-7;

/**
 * The grid's values before the output's squashing: logits for sigmoid, atanh for tanh, log-probabilities for
 * softmax. A saturated network's probabilities jump from ≈0 to ≈1 within one cell, so interpolating them puts every
 * border halfway between cell centres — a staircase; the values before squashing are smooth, so their
 * interpolation puts the border where the network does.
 */
function unsquashed(values: Float32Array, colouring: SurfaceColouring): Float32Array {
  const link = colouring.kind === 'classes' ? 'log' : colouring.link;
  if (link === 'identity') return values;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (link === 'log') out[i] = Math.log(Math.max(EDGE, v));
    else if (link === 'logit') {
      const p = Math.min(1 - EDGE, Math.max(EDGE, v));
      out[i] = Math.log(p / (1 - p));
    } else out[i] = Math.atanh(Math.min(1 - EDGE, Math.max(EDGE - 1, v)));
  }
  return out;
}

/** An interpolated pre-squashing value back on the output's scale (the probability, for classes, after renormalising). */
function squash(value: number, colouring: Extract<SurfaceColouring, { kind: 'diverging' }>): number {
  if (colouring.link === 'logit') return 1 / (1 + Math.exp(-value));
  return colouring.link === 'atanh' ? Math.tanh(value) : value;
}

/**
 * Paints `width`×`height` pixels into `rgba` from the grid, sampled bilinearly between cell centres (before the
 * output's squashing, see {@link unsquashed}) so the picture is smooth at display resolution. For classes every
 * plane is interpolated first and the arg-max taken per pixel, so class borders are smooth curves rather than cell
 * staircases.
 */
export function paintSurface(rgba: Uint8ClampedArray, width: number, height: number, grid: SurfaceGrid, colouring: SurfaceColouring): void {
  const { size } = grid;
  const values = unsquashed(grid.values, colouring);
  const plane = size * size;
  const channels = colouring.kind === 'classes' ? colouring.classes : 1;
  const mixed = new Float64Array(channels);
  for (let py = 0; py < height; py++) {
    const gy = Math.max(0, Math.min(size - 1, ((py + 0.5) / height) * size - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(size - 1, r0 + 1);
    const fy = gy - r0;
    for (let px = 0; px < width; px++) {
      const gx = Math.max(0, Math.min(size - 1, ((px + 0.5) / width) * size - 0.5));
      const c0 = Math.floor(gx);
      const c1 = Math.min(size - 1, c0 + 1);
      const fx = gx - c0;
      const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
      const i00 = r0 * size + c0, i01 = r0 * size + c1, i10 = r1 * size + c0, i11 = r1 * size + c1;
      let best = 0;
      for (let ch = 0; ch < channels; ch++) {
        const o = ch * plane;
        mixed[ch] = w00 * values[o + i00]! + w01 * values[o + i01]! + w10 * values[o + i10]! + w11 * values[o + i11]!;
        if (mixed[ch]! > mixed[best]!) best = ch;
      }
      let rgb: readonly [number, number, number];
      if (colouring.kind === 'classes') {
        let total = 0;
        for (let ch = 0; ch < channels; ch++) total += Math.exp(mixed[ch]! - mixed[best]!);
        // A diverged grid (NaN) is a coin toss: neutral.
        rgb = classShade(best, Number.isFinite(total) ? 1 / total : 0, channels);
      } else {
        rgb = divergingRgb(divergingPosition(squash(mixed[0]!, colouring), colouring));
      }
      const o = 4 * (py * width + px);
      rgba[o] = rgb[0];
      rgba[o + 1] = rgb[1];
      rgba[o + 2] = rgb[2];
      rgba[o + 3] = 255;
    }
  }
}

/** Three to seven round tick values across `[lo, hi]` for an axis. */
export function axisTicks(lo: number, hi: number): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(6)));
  return ticks;
}
