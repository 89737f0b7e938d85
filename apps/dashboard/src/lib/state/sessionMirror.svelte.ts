import type { EpochMetrics, ExperimentConfig } from '@liveprop/core';
import {
  fromMetricColumns,
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
import { saveIdentity } from './identity.js';
import { MetricHistory } from './metricHistory.js';
import { PendingChangeBook, type PendingChanges } from './pendingChanges.svelte.js';
import { SnapshotThrottle } from './snapshotThrottle.svelte.js';
import type { ChangeEvent } from './sessionTypes.js';

/**
 * What one browser tab knows about one session, updated by applying server messages. Large values are replaced
 * wholesale ($state.raw); the metric history is a plain object and `historyVersion` tells views it changed.
 * {@link SessionStore} adds the socket that feeds it.
 */
export abstract class SessionMirror {
  readonly history = new MetricHistory();
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
  latest: EpochMetrics | null = $state.raw(null);
  zoomDetail: HistoryMessage | null = $state.raw(null);
  lastError: { code: string; message: string; at: number } | null = $state.raw(null);
  /** The last `trace` frame, for the math view. */
  traceFrame: { sample: number | 'batch'; trace: unknown } | null = $state.raw(null);
  /** An edit sent with `keepOutput` that the server refused because it would change the outputs ([R36]): the confirm's text. */
  refusedEdit: { message: string; at: number } | null = $state.raw(null);
  /** The last refusal of a `requestTrace`, for the math view. */
  traceError: { message: string; at: number } | null = $state.raw(null);
  /** The server this tab is connected to lost the cluster's Redis ([R40]); cleared when it is back or on a new socket. */
  serverDegraded = $state(false);
  /** How the last join went: a fresh state, a resume with exactly the missed frames, or a flagged resync. */
  lastJoin: 'fresh' | 'resumed' | 'resync' | null = $state(null);
  /** Epochs held and gaps seen, refreshed with `historyVersion` (the history itself is not reactive). */
  readonly historyStats = $derived.by(() => {
    void this.historyVersion;
    return { epochs: this.history.epochCount, gaps: this.history.gaps, first: this.history.firstEpoch ?? null };
  });

  readonly canEdit = $derived(this.role === 'editor');
  /** The first colour this tab saw each name wear; only grows, so an entry never recolours when its author leaves. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a memo read inside `changeEvents`, never a reason to redraw.
  private readonly colours = new Map<string, string>();
  readonly changeEvents: ChangeEvent[] = $derived.by(() => {
    for (const v of this.presence) if (!this.colours.has(v.name)) this.colours.set(v.name, v.colour);
    return this.events.map((e) => toChangeEvent(e, (name) => this.colours.get(name)));
  });

  protected readonly pendingChanges = new PendingChangeBook();
  protected readonly snapshots = new SnapshotThrottle();
  protected streamId: string | null = null;
  protected lastSeq: number | null = null;
  /** The first `history` after a `sessionState` is the whole run so far, not an answer to a zoom. */
  private awaitingBaseHistory = false;

  constructor(readonly sessionId: string) {}

  /** Stops listening to the server. */
  abstract leave(): void;

  /** What to call the session: its name, else its config's, else its id. */
  get title(): string {
    return this.name ?? this.config?.name ?? this.sessionId;
  }

  /** The values this tab's unsettled changes show in their controls. */
  get pending(): PendingChanges {
    return this.pendingChanges.current;
  }

  /** The latest snapshot, at most one new value every ~66 ms. */
  get snapshot(): WireSnapshot | null {
    return this.snapshots.current;
  }

  dismissError(): void {
    this.lastError = null;
  }

  clearZoomDetail(): void {
    this.zoomDetail = null;
  }

  protected apply(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome':
        this.you = msg.clientId;
        this.myName = msg.name;
        saveIdentity({ name: msg.name, colour: msg.colour });
        this.serverDegraded = false;
        return;
      case 'pong':
        return;
      case 'health':
        this.serverDegraded = msg.redis === 'degraded';
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
        this.pendingChanges.clear();
        this.lastError = null;
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
        // A change of ours went through: an earlier refusal no longer describes the controls.
        if (msg.by === this.myName) this.lastError = null;
        if (msg.what === 'name' && typeof msg.to === 'string') this.name = msg.to;
        this.pendingChanges.settle(msg.what);
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
        if (msg.code === 'output_change') {
          this.pendingChanges.clear();
          this.refusedEdit = { message: msg.message, at: Date.now() };
          return;
        }
        if (msg.requestType !== 'requestTrace') this.lastError = { code: msg.code, message: msg.message, at: Date.now() };
        if (msg.code === 'unknown_session') {
          this.markGone();
          return;
        }
        if (msg.requestType === 'change') this.pendingChanges.clear();
        if (msg.requestType === 'requestTrace') this.traceError = { message: msg.message, at: Date.now() };
        return;
      case 'snapshot':
        this.snapshots.offer(msg.snapshot);
        // Exact latest numbers even when the history we joined with is downsampled.
        if (msg.snapshot.metrics && msg.snapshot.metrics.epoch >= (this.latest?.epoch ?? -1)) this.latest = msg.snapshot.metrics;
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
  protected markGone(): void {
    this.deleted = this.streamId !== null;
    this.notFound = true;
    this.leave();
  }

  private seen(seq: number): void {
    if (this.lastSeq === null || seq > this.lastSeq) this.lastSeq = seq;
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
}
