import type { DatasetPoints } from '@liveprop/protocol';
import { classRgb, divergingRgb, rgbCss } from './palette.js';
import { axisTicks, divergingPosition, paintSurface, type SurfaceColouring, type SurfaceGrid } from './surfacePicture.js';

/** CSS pixels around the plot for the axes' ticks and names. */
export const SURFACE_MARGIN = { left: 34, right: 8, top: 8, bottom: 34 } as const;
const BACKGROUND = '#0d1117';
const AXIS = '#8b949e';

export interface SurfaceScene {
  cssSize: number;
  dpr: number;
  extent: readonly [number, number, number, number];
  grid: SurfaceGrid | null;
  colouring: SurfaceColouring | null;
  points: DatasetPoints;
  showTrain: boolean;
  showTest: boolean;
  /** Names of the horizontal and vertical axes. */
  axes: readonly [string, string];
}

type PointSet = NonNullable<DatasetPoints>['train'];

function pointColour(label: number, colouring: SurfaceColouring | null): string {
  if (colouring?.kind === 'classes') return rgbCss(classRgb(Math.round(label)));
  if (colouring) return rgbCss(divergingRgb(divergingPosition(label, colouring)));
  return rgbCss(divergingRgb(label >= 0.5 ? 1 : -1));
}

/**
 * Draws the decision surface on an opaque background: the picture at the canvas's own resolution, x and y axes
 * with round ticks, then training points (filled) and test points (rings) in the colour of their class or value.
 */
export function drawSurface(canvas: HTMLCanvasElement, scene: SurfaceScene): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { dpr } = scene;
  const px = Math.round(scene.cssSize * dpr);
  if (canvas.width !== px || canvas.height !== px) {
    canvas.width = px;
    canvas.height = px;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, px, px);
  const left = Math.round(SURFACE_MARGIN.left * dpr);
  const top = Math.round(SURFACE_MARGIN.top * dpr);
  const width = px - left - Math.round(SURFACE_MARGIN.right * dpr);
  const height = px - top - Math.round(SURFACE_MARGIN.bottom * dpr);
  if (scene.grid && scene.colouring) {
    const img = ctx.createImageData(width, height);
    paintSurface(img.data, width, height, scene.grid, scene.colouring);
    ctx.putImageData(img, left, top);
  }
  const [x0, x1, y0, y1] = scene.extent;
  const toX = (x: number) => left + ((x - x0) / (x1 - x0)) * width;
  const toY = (y: number) => top + height - ((y - y0) / (y1 - y0)) * height;
  drawAxes(ctx, scene, { left, top, width, height }, toX, toY);
  const points = scene.points;
  if (!points) return;
  const r = 3 * dpr;
  const drawSet = (set: PointSet, hollow: boolean) => {
    for (let i = 0; i < set.x1.length; i++) {
      const colour = pointColour(set.label[i]!, scene.colouring);
      ctx.beginPath();
      ctx.arc(toX(set.x1[i]!), toY(set.x2[i]!), r, 0, Math.PI * 2);
      if (hollow) {
        ctx.lineWidth = 1.5 * dpr;
        ctx.strokeStyle = colour;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 1 * dpr;
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      }
    }
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  if (scene.showTrain) drawSet(points.train, false);
  if (scene.showTest) drawSet(points.test, true);
  ctx.restore();
}

function drawAxes(
  ctx: CanvasRenderingContext2D,
  scene: SurfaceScene,
  plot: { left: number; top: number; width: number; height: number },
  toX: (x: number) => number,
  toY: (y: number) => number,
): void {
  const { dpr } = scene;
  const [x0, x1, y0, y1] = scene.extent;
  const bottom = plot.top + plot.height;
  ctx.strokeStyle = AXIS;
  ctx.fillStyle = AXIS;
  ctx.lineWidth = dpr;
  ctx.strokeRect(plot.left - 0.5 * dpr, plot.top - 0.5 * dpr, plot.width + dpr, plot.height + dpr);
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of axisTicks(x0, x1)) {
    const x = toX(t);
    ctx.fillRect(x - 0.5 * dpr, bottom, dpr, 3 * dpr);
    ctx.fillText(String(t), x, bottom + 4 * dpr);
  }
  ctx.fillText(scene.axes[0], plot.left + plot.width / 2, bottom + 16 * dpr);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of axisTicks(y0, y1)) {
    const y = toY(t);
    ctx.fillRect(plot.left - 3 * dpr, y - 0.5 * dpr, 3 * dpr, dpr);
    ctx.fillText(String(t), plot.left - 5 * dpr, y);
  }
  ctx.save();
  ctx.translate(9 * dpr, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(scene.axes[1], 0, 0);
  ctx.restore();
}
