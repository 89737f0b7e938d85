import type { Change } from '@liveprop/core';
import {
  CLOSE_CODES,
  decodeServerMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ControlCommand,
} from '@liveprop/protocol';
import { browserClock } from '../math/latestWins.js';
import { loadIdentity, saveIdentity } from './identity.js';
import { ReconnectingSocket } from './reconnectingSocket.js';
import { SilenceWatch } from './silenceWatch.js';
import { SessionMirror } from './sessionMirror.svelte.js';
import type { ConnectionStatus } from './sessionTypes.js';

/**
 * One browser tab's session: the {@link SessionMirror} kept in sync over a reconnecting socket (hello, join, resume
 * from the last seq), and the commands the views send.
 */
export class SessionStore extends SessionMirror {
  connection: ConnectionStatus = $state('idle');
  reconnectAttempt = $state(0);
  retryInMs: number | null = $state(null);
  fatal: string | null = $state(null);
  /** How long nothing has arrived, once that passed the silence limit; null while frames flow. */
  silentForMs: number | null = $state(null);
  /** Connected and hearing from the server: only then is the dot green and the run state current. */
  readonly live = $derived(this.connection === 'open' && this.silentForMs === null);

  private socket: ReconnectingSocket | null = null;
  private readonly silence = new SilenceWatch({
    ping: (id) => this.send({ type: 'ping', id }),
    reconnect: () => this.socket?.drop(0),
    onSilence: (ms) => (this.silentForMs = ms),
  }, browserClock);
  /** The last edit sent with `keepOutput`, to send again if the user agrees to its output change. */
  private guarded: { change: Change; shown: unknown } | null = null;

  constructor(
    sessionId: string,
    readonly editToken: string | null,
    private readonly wsUrl: string,
  ) {
    super(sessionId);
  }

  /** Opens the socket; it reconnects by itself until {@link SessionStore.leave}. */
  connect(): void {
    this.socket = new ReconnectingSocket(this.wsUrl, {
      onOpen: () => this.handshake(),
      onFrame: (data) => this.receive(data),
      onStatus: (status, attempt, retryInMs) => {
        this.connection = status;
        this.reconnectAttempt = attempt;
        this.retryInMs = retryInMs;
      },
      onFatal: (code, reason) => {
        if (code === CLOSE_CODES.sessionDeleted) this.markGone();
        else this.fatal = `${reason || 'connection refused'} (${code})`;
      },
    });
    this.socket.start();
    this.silence.start();
  }

  leave(): void {
    this.silence.stop();
    this.snapshots.stop();
    this.socket?.close();
    this.socket = null;
  }

  /** Simulates a network failure of `offlineMs`: the socket drops and the reconnect path resumes from the last seq. */
  dropConnection(offlineMs = 0): void {
    this.socket?.drop(offlineMs);
  }

  control(command: ControlCommand): void {
    this.send({ type: 'control', command });
  }

  setSpeed(epochsPerSecond: number | null): void {
    this.send({ type: 'speed', epochsPerSecond });
  }

  /**
   * Sends a live change; the control keyed `key` shows `shown` at once and settles to the server's value when
   * the event (or an error) comes back. Topology edits share the key `topology`.
   */
  change(change: Change, shown: unknown): void {
    if ('keepOutput' in change && change.keepOutput) this.guarded = { change: { ...change, keepOutput: false }, shown };
    this.pendingChanges.hold(change.what, shown, () => this.send({ type: 'change', change }));
  }

  /** The user agreed to the output change the server refused: the same edit again, without `keepOutput`. */
  confirmRefusedEdit(): void {
    const guarded = this.guarded;
    this.refusedEdit = null;
    this.guarded = null;
    if (guarded) this.change(guarded.change, guarded.shown);
  }

  dismissRefusedEdit(): void {
    this.refusedEdit = null;
    this.guarded = null;
  }

  /** Rolls back to the last sane state after divergence, lowering the learning rate to `learningRate` when given. */
  rollback(learningRate?: number): void {
    this.send({ type: 'rollback', ...(learningRate === undefined ? {} : { learningRate }) });
  }

  setName(name: string): void {
    this.send({ type: 'setName', name });
    const kept = loadIdentity();
    if (kept) saveIdentity({ ...kept, name });
  }

  /** Asks for a range at up to `resolution` buckets (full resolution when the range is small enough). */
  requestHistory(from: number, to: number, resolution: number): void {
    this.send({ type: 'requestHistory', from: Math.max(0, Math.floor(from)), to: Math.max(0, Math.ceil(to)), resolution });
  }

  /** Asks for the step trace of one training row; the answer lands in {@link SessionStore.traceFrame}. */
  requestTrace(sample: number): boolean {
    return this.send({ type: 'requestTrace', sample });
  }

  /** Asks for the step trace of the next batch (full batch for the tutorials). */
  requestBatchTrace(): boolean {
    return this.send({ type: 'requestTrace', sample: 'batch' });
  }

  private send(message: ClientMessage): boolean {
    return this.socket?.send(JSON.stringify(message)) ?? false;
  }

  private handshake(): void {
    const identity = loadIdentity();
    this.send({ type: 'hello', protocol: PROTOCOL_VERSION, ...(identity ?? {}) });
    const join: ClientMessage = { type: 'join', sessionId: this.sessionId };
    if (this.editToken) join.editToken = this.editToken;
    if (this.streamId !== null && this.lastSeq !== null) {
      join.streamId = this.streamId;
      join.lastSeq = this.lastSeq;
    }
    this.send(join);
  }

  private receive(data: string | ArrayBuffer): void {
    this.silence.heard();
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      this.lastError = { code: decoded.code, message: decoded.message, at: Date.now() };
      return;
    }
    this.apply(decoded.value);
  }
}
