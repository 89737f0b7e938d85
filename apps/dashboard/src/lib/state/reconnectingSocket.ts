import { CLOSE_CODES } from '@liveprop/protocol';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { ConnectionStatus } from './sessionTypes.js';

export interface SocketHandlers {
  /** The socket is open; send the handshake here. */
  onOpen(): void;
  onFrame(data: string | ArrayBuffer): void;
  onStatus(status: ConnectionStatus, attempt: number, retryInMs: number | null): void;
  /** The server closed us on purpose with a 4xxx code that retrying would not fix. */
  onFatal(code: number, reason: string): void;
}

/** Close codes after which reconnecting is pointless (protocol version mismatch, handshake refused, session deleted). */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE_CODES.versionMismatch, CLOSE_CODES.helloRequired, CLOSE_CODES.sessionDeleted]);

/**
 * A WebSocket that reconnects by itself with jittered exponential backoff until {@link ReconnectingSocket.close}.
 * The attempt counter resets once a connection has stayed open.
 */
export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private holdUntil = 0;

  constructor(
    private readonly url: string,
    private readonly handlers: SocketHandlers,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    /** The WebSocket class; the browser's by default (tests on Node pass `ws`). */
    private readonly WebSocketImpl: typeof WebSocket = globalThis.WebSocket,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Sends a text frame; returns false when not connected (the caller's state shows that). */
  send(text: string): boolean {
    if (this.socket?.readyState !== this.WebSocketImpl.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  /**
   * Drops the current connection as if the network failed; the normal reconnect path takes over, but not
   * before `offlineMs` have passed (to let a test or a person see the outage).
   */
  drop(offlineMs = 0): void {
    this.holdUntil = Date.now() + offlineMs;
    this.socket?.close(4998, 'client dropped');
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000, 'leaving');
    this.socket = null;
    this.handlers.onStatus('closed', this.attempt, null);
  }

  private connect(): void {
    this.handlers.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt, null);
    const socket = new this.WebSocketImpl(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onStatus('open', 0, null);
      this.handlers.onOpen();
    };
    socket.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => this.handlers.onFrame(ev.data);
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (FATAL_CLOSE_CODES.has(ev.code)) {
        this.stopped = true;
        this.handlers.onStatus('closed', this.attempt, null);
        this.handlers.onFatal(ev.code, ev.reason);
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const delay = Math.max(backoffDelay(this.attempt, Math.random(), this.policy), this.holdUntil - Date.now());
    this.attempt++;
    this.handlers.onStatus('reconnecting', this.attempt, delay);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}
