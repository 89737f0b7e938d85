import type { Change, EpochMetrics, ExperimentConfig } from '@liveprop/core';
import {
  CLOSE_CODES,
  decodeServerMessage,
  fromMetricColumns,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ControlCommand,
  type DatasetPoints,
  type HistoryMessage,
  type Role,
  type ServerMessage,
  type SessionEvent,
  type SessionStatus,
  type Viewer,
  type WireSnapshot,
} from '@liveprop/protocol';
import { toChangeEvent } from './changeEvent.js';
import { historySummaries } from './historyMessage.js';
import { MetricHistory } from './metricHistory.js';
import { ReconnectingSocket } from './reconnectingSocket.js';
import { keepThumbnails } from './snapshotThumbnails.js';
import type { ChangeEvent, ConnectionStatus } from './sessionTypes.js';

/** Changes shown at once in the sender's controls, until the server's event (or error) settles them. Keyed by control. */
export type PendingChanges = Readonly<Record<string, unknown>>;

const SNAPSHOT_INTERVAL_MS = 66;
/** A change the server neither confirms nor refuses within this long stops overriding the server's value. */
const PENDING_TIMEOUT_MS = 5000;

const TOPOLOGY_CHANGES: ReadonlySet<string> = new Set(['addLayer', 'removeLayer', 'addNeuron', 'removeNeuron']);

/**
 * Everything one browser tab knows about one session, kept in sync over the socket. Large values are replaced
 * wholesale ($state.raw); the metric history is a plain object and `historyVersion` tells views it changed.
 */
export class SessionStore {
  readonly history = new MetricHistory();
  connection: ConnectionStatus = $state('idle');
  reconnectAttempt = $state(0);
  retryInMs: number | null = $state(null);
  fatal: string | null = $state(null);
  /** The server does not know this session (deleted, or a mistyped link). */
  notFound = $state(false);
  /** The session was deleted while this tab had it open ([R21]): no reconnecting, the view says so. */
  deleted = $state(false);
  role: Role | null = $state(null);
  you: string | null = $state(null);
  myName: string | null = $state(null);
  /** The session's name: from `sessionState`, then from `name` events. */
  name: string | null = $state(null);
  status: SessionStatus = $state('paused');
  epoch = $state(0);
  speed: number | null = $state(null);
  canRollback = $state(false);
  historyVersion = $state(0);
  config: ExperimentConfig | null = $state.raw(null);
  presence: Viewer[] = $state.raw([]);
  events: SessionEvent[] = $state.raw([]);
  points: DatasetPoints = $state.raw(null);
  snapshot: WireSnapshot | null = $state.raw(null);
  latest: EpochMetrics | null = $state.raw(null);
  zoomDetail: HistoryMessage | null = $state.raw(null);
  lastError: { code: string; message: string; at: number } | null = $state.raw(null);
  pending: PendingChanges = $state.raw({});
  /** The last `trace` frame, for the math view. */
  traceFrame: { sample: number | 'batch'; trace: unknown } | null = $state.raw(null);
  /** The last refusal of a `requestTrace`, for the math view. */
  traceError: { message: string; at: number } | null = $state.raw(null);
  /** How the last join went: a fresh state, a resume with exactly the missed frames, or a flagged resync. */
  lastJoin: 'fresh' | 'resumed' | 'resync' | null = $state(null);
  /** Epochs held and gaps seen, refreshed with `historyVersion` (the history itself is not reactive). */
  readonly historyStats = $derived.by(() => {
    void this.historyVersion;
    return { epochs: this.history.epochCount, gaps: this.history.gaps, first: this.history.firstEpoch ?? null };
  });

  readonly canEdit = $derived(this.role === 'editor');
  readonly changeEvents: ChangeEvent[] = $derived(this.events.map((e) => toChangeEvent(e, this.presence)));

  private socket: ReconnectingSocket | null = null;
  /** Snapshots arrive at up to 30/s; views take the latest at most every SNAPSHOT_INTERVAL_MS. */
  private nextSnapshot: WireSnapshot | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private streamId: string | null = null;
  private lastSeq: number | null = null;
  /** The first `history` after a `sessionState` is the whole run so far, not an answer to a zoom. */
  private awaitingBaseHistory = false;

  constructor(
    readonly sessionId: string,
    readonly editToken: string | null,
    private readonly wsUrl: string,
  ) {}

  /** What to call the session: its name, else its config's, else its id. */
  get title(): string {
    return this.name ?? this.config?.name ?? this.sessionId;
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
  }

  leave(): void {
    if (this.snapshotTimer !== null) clearTimeout(this.snapshotTimer);
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
    const key = TOPOLOGY_CHANGES.has(change.what) ? 'topology' : change.what;
    this.pending = { ...this.pending, [key]: shown };
    if (!this.send({ type: 'change', change })) {
      this.settle(change.what);
      return;
    }
    setTimeout(() => {
      if (this.pending[key] === shown) this.settle(change.what);
    }, PENDING_TIMEOUT_MS);
  }

  rollback(): void {
    this.send({ type: 'rollback' });
  }

  setName(name: string): void {
    this.send({ type: 'setName', name });
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

  clearZoomDetail(): void {
    this.zoomDetail = null;
  }

  private send(message: ClientMessage): boolean {
    return this.socket?.send(JSON.stringify(message)) ?? false;
  }

  private handshake(): void {
    this.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    const join: ClientMessage = { type: 'join', sessionId: this.sessionId };
    if (this.editToken) join.editToken = this.editToken;
    if (this.streamId !== null && this.lastSeq !== null) {
      join.streamId = this.streamId;
      join.lastSeq = this.lastSeq;
    }
    this.send(join);
  }

  private receive(data: string | ArrayBuffer): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      this.lastError = { code: decoded.code, message: decoded.message, at: Date.now() };
      return;
    }
    this.apply(decoded.value);
  }

  private seen(seq: number): void {
    if (this.lastSeq === null || seq > this.lastSeq) this.lastSeq = seq;
  }

  private apply(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome':
        this.you = msg.clientId;
        this.myName = msg.name;
        return;
      case 'sessionState':
        if (this.lastJoin !== 'resync') this.lastJoin = 'fresh';
        if (this.streamId !== msg.streamId) this.resetHistory();
        this.streamId = msg.streamId;
        this.name = msg.name;
        this.lastSeq = msg.seq;
        this.role = msg.role;
        this.you = msg.you;
        this.config = msg.config;
        this.status = msg.status;
        this.epoch = msg.epoch;
        this.speed = msg.speed;
        this.canRollback = msg.canRollback;
        this.presence = msg.presence;
        this.events = msg.events;
        this.points = msg.points;
        this.pending = {};
        this.awaitingBaseHistory = true;
        return;
      case 'resumed':
        this.lastJoin = 'resumed';
        this.role = msg.role;
        this.you = msg.you;
        return;
      case 'resync':
        // The server no longer holds what we missed; a fresh sessionState and history follow.
        this.lastJoin = 'resync';
        this.streamId = null;
        this.lastSeq = null;
        this.resetHistory();
        return;
      case 'metrics': {
        this.seen(msg.seq);
        let added = false;
        for (const m of fromMetricColumns(msg.columns)) {
          // Like the server: an epoch that does not move forward means history was cut (reset, rollback).
          if (m.epoch <= this.history.lastHeldEpoch) this.history.truncateFrom(m.epoch);
          added = this.history.append(m) || added;
        }
        if (added) {
          this.latest = this.history.latest ?? null;
          this.epoch = this.latest?.epoch ?? this.epoch;
          this.historyVersion = this.history.version;
        }
        return;
      }
      case 'status':
        this.seen(msg.seq);
        this.status = msg.status;
        this.epoch = msg.epoch;
        this.speed = msg.speed;
        this.canRollback = msg.canRollback;
        return;
      case 'event':
        this.seen(msg.seq);
        if (!this.events.some((e) => e.seq === msg.seq)) {
          const { type: _t, streamId: _s, config: _c, ...event } = msg;
          this.events = [...this.events.slice(-499), event];
        }
        this.config = msg.config;
        if (msg.what === 'name' && typeof msg.to === 'string') this.name = msg.to;
        this.settle(msg.what);
        if (msg.what === 'reset' || msg.what === 'rollback') this.cutHistory(msg.epoch);
        return;
      case 'presence':
        this.seen(msg.seq);
        this.presence = msg.viewers;
        return;
      case 'dataset':
        this.seen(msg.seq);
        this.points = msg.points;
        return;
      case 'history':
        if (this.awaitingBaseHistory) {
          this.awaitingBaseHistory = false;
          this.seedHistory(msg);
        } else {
          this.zoomDetail = msg;
        }
        return;
      case 'error':
        this.lastError = { code: msg.code, message: msg.message, at: Date.now() };
        if (msg.code === 'unknown_session') {
          this.markGone();
          return;
        }
        if (msg.requestType === 'change') this.pending = {};
        if (msg.requestType === 'requestTrace') this.traceError = { message: msg.message, at: Date.now() };
        return;
      case 'snapshot':
        this.nextSnapshot = keepThumbnails(msg.snapshot, this.nextSnapshot ?? this.snapshot);
        // Exact latest numbers even when the history we joined with is downsampled.
        if (msg.snapshot.metrics && msg.snapshot.metrics.epoch >= (this.latest?.epoch ?? -1)) this.latest = msg.snapshot.metrics;
        this.snapshotTimer ??= setTimeout(() => {
          this.snapshotTimer = null;
          this.snapshot = this.nextSnapshot;
        }, SNAPSHOT_INTERVAL_MS);
        return;
      case 'trace':
        this.traceFrame = { sample: msg.sample, trace: msg.trace };
        return;
      default: {
        const unreachable: never = msg;
        void unreachable;
      }
    }
  }

  /** The server no longer has this session: deleted under us if we had joined it, else never there. Stops reconnecting. */
  private markGone(): void {
    this.deleted = this.streamId !== null;
    this.notFound = true;
    this.leave();
  }

  private seedHistory(msg: HistoryMessage): void {
    this.resetHistory();
    for (const summary of historySummaries(msg)) this.history.appendSummary(summary);
    this.historyVersion = this.history.version;
  }

  private cutHistory(epoch: number): void {
    this.history.truncateFrom(epoch + 1);
    this.epoch = epoch;
    this.latest = this.history.latest ?? null;
    this.zoomDetail = null;
    this.historyVersion = this.history.version;
  }

  private resetHistory(): void {
    this.history.clear();
    this.latest = null;
    this.zoomDetail = null;
    this.historyVersion = this.history.version;
  }

  private settle(what: string): void {
    const key = TOPOLOGY_CHANGES.has(what) ? 'topology' : what;
    if (!(key in this.pending)) return;
    const { [key]: _settled, ...rest } = this.pending;
    this.pending = rest;
  }
}
