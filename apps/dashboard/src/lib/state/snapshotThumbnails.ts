import type { WireSnapshot } from '@liveprop/protocol';

/**
 * `next`, carrying `previous`'s neuron thumbnails when it has none of its own and the network's layer sizes did not
 * change: a running session sends thumbnails with every third snapshot only ([R11]).
 */
export function keepThumbnails(next: WireSnapshot, previous: WireSnapshot | null): WireSnapshot {
  if (next.thumbnails !== undefined || previous?.thumbnails === undefined) return next;
  if (next.layers.length !== previous.layers.length) return next;
  for (let i = 0; i < next.layers.length; i++) {
    const a = next.layers[i]!;
    const b = previous.layers[i]!;
    if (a.inputs !== b.inputs || a.outputs !== b.outputs) return next;
  }
  return { ...next, thumbnails: previous.thumbnails };
}
