import type { SessionEvent, Viewer } from '@liveprop/protocol';
import { colorForName, legibleOnDark } from '../charts/palette.js';
import type { ChangeEvent } from './sessionTypes.js';

const SYSTEM_COLOR = '#ff6b6b';

/** A kept event in the colour of whoever made it (matched by display name among those present), readable on the dark page. */
export function toChangeEvent(e: SessionEvent, presence: readonly Viewer[]): ChangeEvent {
  const who = presence.find((v) => v.name === e.by);
  return {
    id: String(e.seq),
    epoch: e.epoch,
    byName: e.by,
    color: who ? legibleOnDark(who.colour) : e.by === 'system' ? SYSTEM_COLOR : colorForName(e.by),
    what: e.what,
    from: e.from,
    to: e.to,
    at: e.at,
  };
}
