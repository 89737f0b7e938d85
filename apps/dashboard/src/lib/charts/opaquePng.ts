/** The panel colour charts sit on; an exported picture uses it so it looks as it did on screen. */
export const PANEL_BACKGROUND = '#161b22';

/**
 * The canvas as a PNG on an opaque background. Chart.js leaves the background transparent, which image viewers
 * show as white or a checkerboard: the light text and authors' marker colours would then be unreadable.
 */
export function opaquePngUrl(source: HTMLCanvasElement, background = PANEL_BACKGROUND): string {
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height;
  const ctx = out.getContext('2d');
  if (!ctx) return source.toDataURL('image/png');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  return out.toDataURL('image/png');
}
