import type { FeatureName } from '../contract/config.js';

/** Every input feature a generated dataset can feed the network, in display order. */
export const FEATURE_NAMES: readonly FeatureName[] = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'];

/** The features used when a config names none. */
export const DEFAULT_FEATURES: readonly FeatureName[] = ['x1', 'x2'];

/** Features as small integer codes, so the per-row loop is a switch instead of a closure call. */
export function featureCodes(names: readonly FeatureName[]): Uint8Array {
  const codes = new Uint8Array(names.length);
  for (let j = 0; j < names.length; j++) codes[j] = FEATURE_NAMES.indexOf(names[j]!);
  return codes;
}

/** Writes the features of point (px, py) into `out[offset .. offset + codes.length)`. */
export function writeFeatures(codes: Uint8Array, px: number, py: number, out: Float64Array, offset: number): void {
  for (let j = 0; j < codes.length; j++) {
    let v: number;
    switch (codes[j]) {
      case 0: v = px; break;
      case 1: v = py; break;
      case 2: v = px * px; break;
      case 3: v = py * py; break;
      case 4: v = px * py; break;
      case 5: v = Math.sin(px); break;
      default: v = Math.sin(py); break;
    }
    out[offset + j] = v;
  }
}
