import type { KatexOptions } from 'katex';

type Render = (tex: string, options?: KatexOptions) => string;

let loading: Promise<Render> | null = null;

/** KaTeX on first use, in its own chunk: the math view is opened rarely and KaTeX is a third of the bundle. */
export function loadKatex(): Promise<Render> {
  loading ??= import('katex').then((m) => m.default.renderToString);
  return loading;
}
