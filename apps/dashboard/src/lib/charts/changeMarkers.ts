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

/**
 * Vertical marker lines at the epochs where something changed, in the colour of whoever changed it. Only the
 * newest `limit` are drawn: hundreds of lines would hide the curve. Labels show on hover (see LossChart).
 */
export function changeMarkers(events: readonly ChangeEvent[], limit = 60): Record<string, MarkerAnnotation> {
  const out: Record<string, MarkerAnnotation> = {};
  const start = Math.max(0, events.length - limit);
  for (let i = start; i < events.length; i++) {
    const e = events[i]!;
    out[`change-${e.id}`] = {
      type: 'line',
      xMin: e.epoch,
      xMax: e.epoch,
      borderColor: e.color,
      borderWidth: 2,
      borderDash: [4, 3],
      label: {
        display: false,
        content: [`epoch ${e.epoch}`, markerText(e)],
        position: 'start',
        backgroundColor: 'rgba(13, 17, 23, 0.92)',
        color: e.color,
        font: { size: 11 },
      },
    };
  }
  return out;
}
