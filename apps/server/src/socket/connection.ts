import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  decodeClientMessage,
  encodeServerMessage,
  type ClientMessage,
  type ErrorCode,
  type JsonServerMessage,
  type Role,
} from '@liveprop/protocol';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { Participant, SessionElsewhere } from '../sessions/participant.js';
import { generateColour, generateName } from '../sessions/presenceNames.js';
import type { RedisHealth } from '../cluster/clusterMember.js';
import type { RemoteSession } from '../cluster/remoteSession.js';
import type { RemoteSessions } from '../cluster/remoteSessions.js';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import { runSessionMessage, type SessionMessage } from '../sessions/sessionCommands.js';
import { generateId, tokenMatches } from '../sessions/tokens.js';
import { TokenBucket } from './rateLimiter.js';
import { Outbox } from './outbox.js';
import { SNAPSHOT_ACK, type TickWire } from './tickWire.js';

export interface ConnectionLimits {
  /** Unsent bytes past which a client is closed as a slow consumer ([R14]). */
  maxBufferedBytes: number;
  ratePerSecond: number;
  rateBurst: number;
  /** Frames refused for rate in a row before the connection is closed as flooding. */
  floodStrikes: number;
  helloTimeoutMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxBufferedBytes: 1024 * 1024,
  ratePerSecond: 50,
  rateBurst: 100,
  floodStrikes: 100,
  helloTimeoutMs: 10_000,
};

/** One WebSocket client: handshake, validation, rate limit, role, and backpressure-aware sending. */
export class Connection implements Participant {
  readonly id = generateId(6);
  name = generateName();
  colour = generateColour();
  role: Role = 'viewer';
  alive = true;
  private greeted = false;
  private session: Session | null = null;
  /** Cluster mode: the joined session when another node trains it. */
  private remote: SessionElsewhere | null = null;
  private closing = false;
  private lastRateErrorAt = -Infinity;
  /** Resume position a client may give in `hello` instead of `join`. */
  private resumeStream: string | undefined;
  private resumeSeq: number | undefined;
  private readonly bucket: TokenBucket;
  private queue: Promise<void> = Promise.resolve();
  private readonly helloTimer: ReturnType<typeof setTimeout>;
  private readonly log: Logger;
  private readonly outbox: Outbox;

  constructor(
    private readonly ws: WebSocket,
    private readonly registry: SessionRegistry,
    logger: Logger,
    private readonly limits: ConnectionLimits,
    /** The upgraded TCP socket under `ws`, which broadcasts are written to directly. */
    socket: Duplex,
    /** Cluster mode: sessions other nodes train. */
    private readonly remoteSessions: RemoteSessions | null = null,
    /** Cluster mode: whether this server has Redis now ([R40]). */
    private readonly redisHealth: (() => RedisHealth) | null = null,
  ) {
    this.log = logger.child({ clientId: this.id });
    this.outbox = new Outbox(socket);
    this.bucket = new TokenBucket(limits.ratePerSecond, limits.rateBurst);
    this.helloTimer = setTimeout(() => this.drop(CLOSE_CODES.helloRequired, 'no hello received in time'), limits.helloTimeoutMs);
    this.helloTimer.unref();
    ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    ws.on('pong', (data) => this.onPong(data));
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => this.log.debug({ err: err.message }, 'socket error'));
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    if (!this.bucket.take()) {
      if (this.bucket.strikes >= this.limits.floodStrikes) {
        this.drop(CLOSE_CODES.flooding, `flooding: more than ${this.limits.ratePerSecond} frames/s sustained`);
        return;
      }
      const now = performance.now();
      if (now - this.lastRateErrorAt >= 1000) {
        this.lastRateErrorAt = now;
        this.sendError('rate_limited', `more than ${this.limits.ratePerSecond} frames/s (burst ${this.limits.rateBurst}); frame ignored`);
      }
      return;
    }
    if (isBinary) {
      const code: ErrorCode = data.byteLength > 64 * 1024 ? 'too_large' : 'bad_frame';
      this.sendError(code, `binary frames are not accepted from clients (got ${data.byteLength} bytes)`);
      if (code === 'too_large') this.drop(CLOSE_CODES.tooLarge, 'frame too large');
      return;
    }
    const decoded = decodeClientMessage(data);
    if (!decoded.ok) {
      this.sendMessage({ type: 'error', code: decoded.code, message: decoded.message,
        ...(decoded.requestType === undefined ? {} : { requestType: decoded.requestType }),
        ...(decoded.path === undefined ? {} : { path: decoded.path }) });
      if (decoded.code === 'too_large') this.drop(CLOSE_CODES.tooLarge, `frame of ${data.byteLength} bytes exceeds 65536`);
      return;
    }
    const msg = decoded.value;
    this.queue = this.queue.then(() => this.dispatch(msg)).catch((err: Error) => {
      this.log.error({ err: err.message, type: msg.type }, 'handler failed');
      this.sendError('internal', `the server failed to handle "${msg.type}"`, msg.type);
    });
  }

  private async dispatch(msg: ClientMessage): Promise<void> {
    if (this.closing) return;
    if (!this.greeted && msg.type !== 'hello') {
      this.sendError('hello_required', `the first frame must be "hello", got "${msg.type}"`, msg.type);
      this.drop(CLOSE_CODES.helloRequired, 'hello required');
      return;
    }
    switch (msg.type) {
      case 'hello':
        return this.hello(msg);
      case 'join':
        return this.join(msg);
      case 'control':
      case 'speed':
      case 'change':
      case 'rollback':
      case 'requestHistory':
      case 'requestTrace':
        if (this.remote !== null) return this.remote.run(this, msg);
        if (this.session === null) return this.sendError('not_joined', `join a session before sending "${msg.type}"`, msg.type);
        return this.runHere(this.session, msg);
      case 'ping':
        return this.sendMessage({ type: 'pong', id: msg.id });
      case 'setName':
        if (this.remote !== null) return this.remote.run(this, msg);
        if (this.session === null) {
          this.name = msg.name;
          return;
        }
        return this.runHere(this.session, msg);
      default: {
        const never: never = msg;
        throw new Error(`unhandled client message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Runs a message on the session joined here; in cluster mode it may first move to a node with a free worker. */
  private async runHere(session: Session, msg: SessionMessage): Promise<void> {
    if (await this.remoteSessions?.movedAway(session, this, msg)) return this.remote?.run(this, msg);
    return runSessionMessage(session, this, msg);
  }

  /** Cluster mode: the joined session went to another node; this client follows it there without reconnecting. */
  moved(to: SessionElsewhere): void {
    if (this.closing || (this.session ?? this.remote)?.id !== to.id) return;
    this.session = null;
    this.remote = to;
    to.adopt(this);
  }

  private hello(msg: Extract<ClientMessage, { type: 'hello' }>): void {
    if (this.greeted) return this.sendError('invalid_field', 'hello was already received on this connection', 'hello');
    if (msg.protocol !== PROTOCOL_VERSION) {
      this.sendError('version_mismatch', `server speaks protocol ${PROTOCOL_VERSION}, client sent ${msg.protocol}`, 'hello');
      this.drop(CLOSE_CODES.versionMismatch, `protocol ${msg.protocol} unsupported; server speaks ${PROTOCOL_VERSION}`);
      return;
    }
    clearTimeout(this.helloTimer);
    this.greeted = true;
    if (msg.name !== undefined) this.name = msg.name;
    if (msg.colour !== undefined) this.colour = msg.colour;
    this.resumeStream = msg.streamId;
    this.resumeSeq = msg.lastSeq;
    this.sendMessage({ type: 'welcome', protocol: PROTOCOL_VERSION, clientId: this.id, name: this.name, colour: this.colour });
    if (this.redisHealth?.() === 'degraded') this.sendMessage({ type: 'health', redis: 'degraded' });
  }

  /** Tells a greeted client that this server lost or regained Redis ([R40]). */
  tellHealth(redis: RedisHealth): void {
    if (this.greeted && !this.closing) this.sendMessage({ type: 'health', redis });
  }

  private async join(msg: Extract<ClientMessage, { type: 'join' }>): Promise<void> {
    const joined = this.session ?? this.remote;
    if (joined !== null) return this.sendError('already_joined', `already in session ${joined.id}; open a new connection to switch`, 'join');
    const session = this.remoteSessions === null ? await this.registry.acquire(msg.sessionId) : this.registry.get(msg.sessionId);
    if (this.closing) return;
    if (session === undefined && this.remoteSessions !== null) return this.joinRemote(msg, this.remoteSessions.get(msg.sessionId));
    if (session === undefined) return this.sendError('unknown_session', `no session with id "${msg.sessionId.slice(0, 64)}"`, 'join');
    this.joinHere(session, msg);
  }

  private joinHere(session: Session, msg: Extract<ClientMessage, { type: 'join' }>): void {
    const editor = this.roleFor(msg.editToken, session.editTokenHash) === 'editor';
    this.session = session;
    session.join(this, msg.lastSeq ?? this.resumeSeq, msg.streamId ?? this.resumeStream);
    if (msg.editToken !== undefined && !editor) {
      this.sendError('forbidden', 'the edit token does not match this session; joined as a viewer', 'join');
    }
  }

  /** Joins a session another node trains; the role is decided here, against the hash its owner answers. */
  private async joinRemote(msg: Extract<ClientMessage, { type: 'join' }>, remote: RemoteSession): Promise<void> {
    this.remote = remote;
    const joined = await remote.join(this, msg.lastSeq ?? this.resumeSeq, msg.streamId ?? this.resumeStream, (hash) => this.roleFor(msg.editToken, hash));
    if (joined.ok === true) {
      if (msg.editToken !== undefined && this.role !== 'editor') this.sendError('forbidden', 'the edit token does not match this session; joined as a viewer', 'join');
      return;
    }
    this.remote = null;
    if (joined.ok === 'here') return this.closing ? undefined : this.joinHere(joined.session, msg);
    this.sendError(joined.code, joined.message, 'join');
  }

  private roleFor(editToken: string | undefined, hash: string): Role {
    this.role = editToken !== undefined && tokenMatches(editToken, hash) ? 'editor' : 'viewer';
    return this.role;
  }

  sendMessage(message: JsonServerMessage): void {
    this.sendText(encodeServerMessage(message));
  }

  sendError(code: ErrorCode, message: string, requestType?: string): void {
    this.sendMessage({ type: 'error', code, message, ...(requestType === undefined ? {} : { requestType }) });
  }

  sendText(text: string): void {
    if (!this.writable()) return;
    this.ws.send(text);
  }

  sendFrame(data: string | Uint8Array): void {
    if (!this.writable()) return;
    if (typeof data === 'string') this.ws.send(data);
    else this.ws.send(data, { binary: true });
  }

  sendWire(wire: Buffer): void {
    if (this.writable()) this.outbox.write(wire);
  }

  sendTick(tick: TickWire): void {
    if (this.writable()) this.outbox.tick(tick);
  }

  sendSnapshot(bytes: Uint8Array): void {
    if (this.writable()) this.outbox.snapshot(bytes);
  }

  private onPong(data: Buffer): void {
    this.alive = true;
    if (data.equals(SNAPSHOT_ACK) && this.writable()) this.outbox.acked();
  }

  /** Open, and not too far behind; a client past the bound is closed instead ([R14]). */
  private writable(): boolean {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.drop(CLOSE_CODES.slowConsumer, `slow consumer: more than ${this.limits.maxBufferedBytes} bytes unsent`);
      return false;
    }
    return true;
  }

  /** Heartbeat tick ([R16]): a peer that did not answer the previous ping is dropped. */
  heartbeat(): void {
    if (!this.alive) {
      this.log.info('dropping dead peer: no pong since the last ping');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Closes with a code and reason; a peer that does not complete the close handshake is cut off after 1 s. */
  drop(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.log.info({ code, reason, sessionId: this.session?.id }, 'closing connection');
    // Leave after the current broadcast loop, so presence frames never overtake the frame being sent.
    setImmediate(() => this.leaveSession());
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  private leaveSession(): void {
    const session = this.session;
    const remote = this.remote;
    this.session = null;
    this.remote = null;
    session?.leave(this);
    remote?.leave(this);
  }

  private onClose(): void {
    clearTimeout(this.helloTimer);
    this.closing = true;
    this.outbox.discard();
    this.leaveSession();
  }
}
