import type { Clock } from '../math/latestWins.js';

/** Without a frame for this long the link counts as dead: the view says so and the socket reconnects. */
export const SILENCE_LIMIT_MS = 12_000;
/** Quiet this long (a paused session sends nothing), the client pings so a live link answers. */
export const PING_AFTER_MS = 4_000;
const TICK_MS = 1_000;

export interface SilenceHandlers {
  /** Send a ping; false when the socket is not open. */
  ping(id: number): boolean;
  /** Silence passed the limit: drop the socket so the reconnect path takes over. */
  reconnect(): void;
  /** Milliseconds since the last frame while past the limit, or null once frames arrive again. */
  onSilence(silentForMs: number | null): void;
}

/**
 * Notices a link that carries nothing — no frame and no pong — for {@link SILENCE_LIMIT_MS}: a dead network can
 * leave a socket looking open for minutes, and a green dot then would lie.
 */
export class SilenceWatch {
  private lastHeard: number;
  private lastPing = Number.NEGATIVE_INFINITY;
  private pingId = 0;
  private silent = false;
  private lastReconnect = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  constructor(
    private readonly handlers: SilenceHandlers,
    private readonly clock: Clock,
    private readonly limitMs = SILENCE_LIMIT_MS,
  ) {
    this.lastHeard = clock.now();
  }

  start(): void {
    this.lastHeard = this.clock.now();
    this.schedule();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Any frame from the server, pong included. */
  heard(): void {
    this.lastHeard = this.clock.now();
    if (this.silent) {
      this.silent = false;
      this.handlers.onSilence(null);
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.check();
      this.schedule();
    }, TICK_MS);
  }

  private check(): void {
    const now = this.clock.now();
    const quiet = now - this.lastHeard;
    if (quiet >= PING_AFTER_MS && now - this.lastPing >= PING_AFTER_MS && this.handlers.ping(this.pingId + 1)) {
      this.pingId++;
      this.lastPing = now;
    }
    if (quiet < this.limitMs) return;
    this.silent = true;
    this.handlers.onSilence(quiet);
    // Each attempt gets a full limit of its own: a socket stuck connecting or open but mute is dropped again.
    if (now - this.lastReconnect >= this.limitMs) {
      this.lastReconnect = now;
      this.handlers.reconnect();
    }
  }
}
