import type { Extent } from './types.js';

/** Where every generator draws its points. */
export const GENERATED_EXTENT: Extent = [-6, 6, -6, 6];

const MARGIN = 0.1;

/** The bounding box of `points[count][2]`, widened by 10% of its span on each side (by 1 when the span is 0). */
export function boundingExtent(points: Float64Array): Extent {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  const padX = xMax > xMin ? (xMax - xMin) * MARGIN : 1;
  const padY = yMax > yMin ? (yMax - yMin) * MARGIN : 1;
  return [xMin - padX, xMax + padX, yMin - padY, yMax + padY];
}
