import type { ChangeEvent } from '../state/sessionTypes.js';

/** What a marker needs; a subset of the annotation plugin's line options, so this module stays pure. */
export interface MarkerAnnotation {
  type: 'line';
  xMin: number;
  xMax: number;
  borderColor: string;
  borderWidth: number;
  borderDash: number[];
  label: { display: boolean; content: string[]; position: 'start'; backgroundColor: string; color: string; font: { size: number } };
}

/** One-line description of an event, as the activity feed and the marker tooltip show it. */
export function markerText(event: ChangeEvent): string {
  return `${event.byName}: ${event.text}`;
}

/** "Output changed: loss 0.0130 → 18.3" for an edit that changed the network's output, else null. */
export function outputJump(event: ChangeEvent): string | null {
  const output = event.output;
  if (output?.kind !== 'changes') return null;
  const loss = (v: number | null): string => (v === null ? '—' : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(3));
  return `Output changed: loss ${loss(output.lossBefore)} → ${loss(output.lossAfter)}`;
}

/**
 * Vertical marker lines at the epochs where something changed, in the colour of whoever changed it. Only the
 * newest `limit` are drawn: hundreds of lines would hide the curve. Labels show on hover (see LossChart).
 */
export function changeMarkers(events: readonly ChangeEvent[], limit = 60): Record<string, MarkerAnnotation> {
  const out: Record<string, MarkerAnnotation> = {};
  const start = Math.max(0, events.length - limit);
  for (let i = start; i < events.length; i++) {
    const e = events[i]!;
    const jump = outputJump(e);
    out[`change-${e.id}`] = {
      type: 'line',
      xMin: e.epoch,
      xMax: e.epoch,
      borderColor: e.color,
      // An edit that changed the network's output is drawn solid and wide: the loss jump there is the edit's.
      borderWidth: jump ? 3 : 2,
      borderDash: jump ? [] : [4, 3],
      label: {
        display: false,
        content: [`epoch ${e.epoch}`, markerText(e), ...(jump ? [jump] : [])],
        position: 'start',
        backgroundColor: 'rgba(13, 17, 23, 0.92)',
        color: e.color,
        font: { size: 11 },
      },
    };
  }
  return out;
}
