import type { Participant } from '../sessions/participant.js';
import { dropDeleted } from '../sessions/registry.js';
import { refusedToViewer, runSessionMessage, type SessionMessage } from '../sessions/sessionCommands.js';
import type { Session } from '../sessions/session.js';
import type { OwnerLink } from './ownerLink.js';
import { presencePart } from './ownerPresence.js';
import type { JoinAnswer, OwnerRequest } from './ownerRequests.js';
import type { RelayEntry } from './relayEntry.js';
import type { Subscription } from './relayReader.js';
import { readMissed, type ResyncReason } from './relayResume.js';
import { RelayedViewer } from './relayedViewer.js';

/** A resync that found no owner asks again this often. */
const RESYNC_RETRY_MS = 1_000;

export type RemoteJoin = { ok: true; answer: JoinAnswer } | { ok: 'here'; session: Session } | { ok: false; code: 'unknown_session' | 'busy'; message: string };

/**
 * This node's side of a session another node trains: its participants here, fed from the session's relay stream
 * (the same framed bytes the owner sends its own), their commands checked here and forwarded, their presence
 * published for the owner to merge. When the stream changes (failover) they get a flagged resync from the new owner.
 */
export class RemoteSession {
  private readonly viewers = new Map<string, RelayedViewer>();
  private subscription: Promise<Subscription> | null = null;
  private latestSnapshot: Buffer | null = null;
  private resyncing: Promise<void> | null = null;
  /** The stream whose state the viewers here were last given: a change to it needs no resync. */
  private syncedStream: string | null = null;

  constructor(
    readonly id: string,
    private readonly link: OwnerLink,
    private readonly onEmpty: () => void,
    /** Whether a message moved the session, trained here, to a node with a free worker first ({@link SessionMoves}). */
    private readonly movedAway: (session: Session, sender: Participant, msg: SessionMessage) => Promise<boolean>,
  ) {}

  /** Takes on `p`, a participant of the session while this node trained it; it waits for {@link follow}. */
  adopt(p: Participant): void {
    this.viewers.set(p.id, new RelayedViewer(p));
  }

  /**
   * The session left this node: the participants it had here get the new owner's state with a flagged resync (its
   * stream is new) and its frames from then on, and are published as this node's part of its presence.
   */
  async follow(): Promise<void> {
    if (this.viewers.size === 0) return;
    try {
      this.subscription ??= this.link.node.reader.subscribe(this.id, this.listener());
      await this.subscription;
    } catch (err) {
      this.subscription = null;
      this.link.log.warn({ sessionId: this.id, err: (err as Error).message }, 'cannot follow a session that moved; trying again');
      setTimeout(() => void this.follow(), RESYNC_RETRY_MS).unref();
      return;
    }
    await this.resync('stream-changed');
    if (this.viewers.size > 0) this.publishPresence();
  }

  /** Adds `p`, resuming it from `lastSeq` of `streamId` when the relay still has every frame after it. */
  async join(p: Participant, lastSeq: number | undefined, streamId: string | undefined, role: (hash: string) => Participant['role']): Promise<RemoteJoin> {
    const viewer = new RelayedViewer(p);
    this.viewers.set(p.id, viewer);
    try {
      this.subscription ??= this.link.node.reader.subscribe(this.id, this.listener());
      await this.subscription;
      const joined = await this.askJoin();
      if (joined.ok !== true) {
        this.remove(p);
        if (joined.ok === 'here') await this.moveHere(joined.session);
        return joined;
      }
      const { state, history } = joined.answer;
      this.syncedStream = state.streamId;
      p.role = role(joined.answer.editTokenHash);
      if (lastSeq !== undefined && (await this.resumed(viewer, lastSeq, streamId, state.streamId))) return joined;
      if (lastSeq !== undefined) p.sendMessage({ type: 'resync', flagged: true, reason: streamId === state.streamId ? 'gone' : 'stream_changed', sessionId: this.id });
      p.sendMessage({ type: 'sessionState', ...state, role: p.role, you: p.id });
      p.sendMessage(history);
      viewer.release(state.seq, this.latestSnapshot);
      this.publishPresence();
      return joined;
    } catch (err) {
      this.remove(p);
      return { ok: false, code: 'busy', message: `cannot reach the server training session ${this.id}: ${(err as Error).message}` };
    }
  }

  private async resumed(viewer: RelayedViewer, lastSeq: number, streamId: string | undefined, current: string): Promise<boolean> {
    if (streamId !== current) return false;
    const missed = await readMissed(this.link.node.redis, this.id, current, lastSeq);
    if (missed.kind !== 'frames') return false;
    const frames = missed.frames.filter((entry) => entry.end === undefined);
    const toSeq = frames.at(-1)?.seq ?? lastSeq;
    viewer.p.sendMessage({ type: 'resumed', sessionId: this.id, streamId: current, role: viewer.p.role, you: viewer.p.id, fromSeq: lastSeq + 1, toSeq });
    for (const entry of frames) viewer.p.sendWire(entry.bytes);
    if (frames.length < missed.frames.length) {
      this.deleted();
      return true;
    }
    viewer.release(toSeq, this.latestSnapshot);
    this.publishPresence();
    return true;
  }

  private async askJoin(): Promise<RemoteJoin> {
    const answer = await this.link.ask(this.id, { kind: 'join' });
    if (answer.ok === 'here') return answer;
    if (answer.ok) return { ok: true, answer: answer.value as JoinAnswer };
    if (answer.code === 'unknown') return { ok: false, code: 'unknown_session', message: answer.message };
    return { ok: false, code: 'busy', message: answer.message };
  }

  /** Runs a message of participant `p`: checked here, applied by the owner, answered to `p` as on one node. */
  async run(p: Participant, msg: SessionMessage): Promise<void> {
    const local = this.link.registry.get(this.id);
    if (local !== undefined && local.participants.get(p.id) === p && !(await this.movedAway(local, p, msg))) return runSessionMessage(local, p, msg);
    if (refusedToViewer(p, msg)) return;
    if (msg.type === 'setName') {
      p.name = msg.name;
      return this.publishPresence();
    }
    if (msg.type === 'requestHistory' && msg.to < msg.from) {
      return p.sendError('invalid_field', `expected from <= to, got from ${msg.from} and to ${msg.to}`, msg.type);
    }
    const request: OwnerRequest = { kind: 'message', sender: { id: p.id, name: p.name, colour: p.colour, role: p.role }, message: msg };
    const answer = await this.link.ask(this.id, request);
    if (answer.ok === 'here') {
      await this.moveHere(answer.session);
      if (answer.session.participants.get(p.id) === p) return runSessionMessage(answer.session, p, msg);
      return p.sendError('busy', `session ${this.id} moved to this server; send "${msg.type}" again`, msg.type);
    }
    if (!answer.ok) return p.sendError('busy', `the server training this session did not take "${msg.type}": ${answer.message}`, msg.type);
    for (const text of answer.value as string[]) p.sendText(text);
  }

  leave(p: Participant): void {
    this.link.registry.get(this.id)?.leave(p);
    if (this.remove(p)) this.publishPresence();
  }

  private remove(p: Participant): boolean {
    if (this.viewers.get(p.id)?.p !== p) return false;
    this.viewers.delete(p.id);
    if (this.viewers.size > 0) return true;
    void this.subscription?.then((s) => s.unsubscribe()).catch(() => {});
    this.subscription = null;
    this.onEmpty();
    return true;
  }

  /** Publishes who watches through this node and tells the owner to merge it. */
  private publishPresence(): void {
    const { presence } = this.link.node;
    void presence
      .publish(this.id, presencePart([...this.viewers.values()].map((v) => v.p)))
      .then(() => this.link.ask(this.id, { kind: 'presence' }))
      .catch((err: Error) => this.link.log.warn({ sessionId: this.id, err: err.message }, 'could not publish presence'));
  }

  private listener() {
    return {
      frame: (entry: RelayEntry) => {
        for (const viewer of this.viewers.values()) viewer.deliver(entry);
      },
      snapshot: (bytes: Buffer) => {
        this.latestSnapshot = bytes;
        for (const viewer of this.viewers.values()) if (viewer.live) viewer.p.sendSnapshot(bytes);
      },
      resync: (reason: ResyncReason, streamId: string | null) => {
        // A session that moved here from this node: its viewers were given the new stream's state already.
        if (reason === 'stream-changed' && streamId !== null && streamId === this.syncedStream) return;
        void this.resync(reason);
      },
      deleted: () => this.deleted(),
    };
  }

  /** The owner deleted the session: its participants here are told and closed, as the owner's own are ([R21]). */
  private deleted(): void {
    for (const { p } of [...this.viewers.values()]) {
      this.remove(p);
      dropDeleted(p, this.id);
    }
  }

  /**
   * The stream changed (a new owner) or this node missed frames: every viewer gets a flagged resync and the fresh
   * state, as a viewer that resumed too late does on one node; frames arriving meanwhile wait.
   */
  private resync(reason: ResyncReason): Promise<void> {
    for (const viewer of this.viewers.values()) viewer.hold();
    this.resyncing ??= this.resyncNow(reason).finally(() => (this.resyncing = null));
    return this.resyncing;
  }

  private async resyncNow(reason: ResyncReason): Promise<void> {
    this.latestSnapshot = null;
    const joined = await this.askJoin().catch((err: Error) => ({ ok: false as const, code: 'busy' as const, message: err.message }));
    if (joined.ok === 'here') return this.moveHere(joined.session);
    if (joined.ok !== true) {
      // No owner yet (failover under way, Redis just back): ask again, the viewers' frames wait meanwhile.
      this.link.log.warn({ sessionId: this.id, err: joined.message }, 'resync found no owner; trying again');
      if (this.viewers.size > 0) setTimeout(() => void this.resync(reason), RESYNC_RETRY_MS).unref();
      return;
    }
    const { state, history } = joined.answer;
    this.syncedStream = state.streamId;
    for (const viewer of [...this.viewers.values()]) {
      const { p } = viewer;
      p.sendMessage({ type: 'resync', flagged: true, reason: reason === 'trimmed' ? 'gone' : 'stream_changed', sessionId: this.id });
      p.sendMessage({ type: 'sessionState', ...state, role: p.role, you: p.id });
      p.sendMessage(history);
      viewer.release(state.seq, this.latestSnapshot);
    }
  }

  /**
   * This node took the session over: its viewers here join it directly, with a flagged resync, and this object only
   * hands their messages on to it ({@link run}, {@link leave}).
   */
  private async moveHere(session: Session): Promise<void> {
    const moving = [...this.viewers.values()];
    this.viewers.clear();
    for (const { p } of moving) {
      p.sendMessage({ type: 'resync', flagged: true, reason: 'stream_changed', sessionId: this.id });
      session.join(p, undefined, undefined);
    }
    void this.subscription?.then((s) => s.unsubscribe()).catch(() => {});
    this.subscription = null;
    this.onEmpty();
    await this.link.node.presence.publish(this.id, { count: 0, viewers: [] }).catch(() => {});
  }
}
