import type { SessionEvent } from '@liveprop/protocol';
import { colorForName, legibleOnDark } from '../charts/palette.js';
import { describeEvent } from './describeEvent.js';
import type { ChangeEvent } from './sessionTypes.js';

const SYSTEM_COLOR = '#ff6b6b';

/**
 * A kept event in its author's colour, readable on the dark page: the colour the event carries, else the one
 * this tab saw its author wear (`colourOf`), so markers and feed entries keep their colour after the author leaves.
 */
export function toChangeEvent(e: SessionEvent, colourOf: (name: string) => string | undefined): ChangeEvent {
  const colour = e.colour ?? colourOf(e.by);
  return {
    id: String(e.seq),
    epoch: e.epoch,
    byName: e.by,
    color: colour ? legibleOnDark(colour) : e.by === 'system' ? SYSTEM_COLOR : colorForName(e.by),
    what: e.what,
    text: describeEvent(e.what, e.from, e.to),
    from: e.from,
    to: e.to,
    ...(e.output && { output: e.output }),
    at: e.at,
  };
}
