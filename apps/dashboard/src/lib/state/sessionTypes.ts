/** The dashboard's own view types that the wire format does not define. */
import type { SessionEvent } from '@liveprop/protocol';

/** `idle` before the first connect; `reconnecting` while a backoff timer runs; `closed` after leaving. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A change somebody made, with the colour of who made it, as the activity feed and chart markers show it. */
export interface ChangeEvent {
  id: string;
  epoch: number;
  byName: string;
  color: string;
  what: string;
  /** The change in the dashboard's words ("Loss: squared error → cross-entropy"). */
  text: string;
  from: unknown;
  to: unknown;
  /** For layer and activation edits: whether the network's outputs stayed the same. */
  output?: SessionEvent['output'];
  /** Unix milliseconds. */
  at: number;
}
