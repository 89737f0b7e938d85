import { performance } from 'node:perf_hooks';
import { LEASE_MARGIN_MS, LEASE_RENEW_MS, LEASE_TTL_MS } from './clusterConfig.js';
import { acquireLease, releaseLease, renewLease, type LeaseHolder } from './leaseCalls.js';
import type { RedisClient } from './redisClient.js';

/** Why a held lease ended without {@link HeldLease.release}: another node holds it, or it could not be renewed in time. */
export type LeaseLoss = 'taken' | 'expired';

export interface LeaseTimings {
  ttlMs: number;
  renewMs: number;
  /** The holder reports the loss this long before Redis would let the lease lapse. */
  marginMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { ttlMs: LEASE_TTL_MS, renewMs: LEASE_RENEW_MS, marginMs: LEASE_MARGIN_MS };

export interface HoldOptions {
  sessionId: string;
  nodeId: string;
  /** The new token is above this: the highest token the store has accepted for the session. */
  minToken?: number;
  timings?: LeaseTimings;
  /**
   * Called once when the lease is lost; the holder must stop training the session. Called before Redis would let the
   * lease lapse (by `marginMs`), unless the process itself was paused: then fencing refuses its writes.
   */
  onLost: (why: LeaseLoss) => void;
}

export type HoldResult = { ok: true; lease: HeldLease } | { ok: false; holder: LeaseHolder };

/** Takes a session's lease if it is free and keeps renewing it until released or lost. Throws when Redis does not answer. */
export async function holdLease(redis: RedisClient, options: HoldOptions): Promise<HoldResult> {
  const timings = options.timings ?? DEFAULT_LEASE_TIMINGS;
  if (timings.renewMs >= timings.ttlMs - timings.marginMs) {
    throw new Error(`expected lease renewMs below ttlMs - marginMs (${timings.ttlMs - timings.marginMs}), got ${timings.renewMs}`);
  }
  const sentAt = performance.now();
  const taken = await acquireLease(redis, options.sessionId, options.nodeId, timings.ttlMs, options.minToken);
  if (!taken.ok) return taken;
  const holder = { nodeId: options.nodeId, token: taken.token };
  return { ok: true, lease: new HeldLease(redis, options.sessionId, holder, sentAt, timings, options.onLost) };
}

/**
 * A lease this node holds: renewed every `renewMs`; reported lost when a renewal finds another holder or when no
 * renewal has succeeded by `ttlMs - marginMs` after the last good one was sent (Redis down or stalled).
 */
export class HeldLease {
  /** performance.now() by which Redis may already have let the lease lapse. */
  private lapsesAt: number;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  private ended = false;

  constructor(
    private readonly redis: RedisClient,
    readonly sessionId: string,
    readonly holder: LeaseHolder,
    sentAt: number,
    private readonly timings: LeaseTimings,
    private readonly onLost: (why: LeaseLoss) => void,
  ) {
    this.lapsesAt = sentAt + timings.ttlMs;
    this.armDeadline();
    this.scheduleRenewal();
  }

  /** The fencing token every store write for the session carries while this lease is held. */
  get token(): number {
    return this.holder.token;
  }

  /** Whether the lease still counts as held: not released, not lost, not past its deadline. */
  get held(): boolean {
    return !this.ended && performance.now() < this.lapsesAt - this.timings.marginMs;
  }

  /** Stops renewing and gives the session up at once (when still ours), so another node need not wait for the TTL. */
  async release(): Promise<void> {
    if (this.ended) return;
    this.end();
    await releaseLease(this.redis, this.sessionId, this.holder);
  }

  private async renew(): Promise<void> {
    // A process that was paused wakes with its timers overdue: past the deadline, the lease is gone whatever Redis says.
    if (!this.held) return this.lose('expired');
    const sentAt = performance.now();
    try {
      const still = await renewLease(this.redis, this.sessionId, this.holder, this.timings.ttlMs);
      if (this.ended) return;
      if (!still) return this.lose('taken');
      this.lapsesAt = sentAt + this.timings.ttlMs;
      this.armDeadline();
    } catch {
      // Redis away or stalled: the next renewal tries again, and the deadline decides if none succeeds in time.
    }
    if (!this.ended) this.scheduleRenewal();
  }

  private scheduleRenewal(): void {
    this.renewTimer = setTimeout(() => void this.renew(), this.timings.renewMs);
  }

  private armDeadline(): void {
    if (this.deadlineTimer !== null) clearTimeout(this.deadlineTimer);
    const delay = this.lapsesAt - this.timings.marginMs - performance.now();
    this.deadlineTimer = setTimeout(() => this.lose('expired'), Math.max(0, delay));
  }

  private lose(why: LeaseLoss): void {
    if (this.ended) return;
    this.end();
    this.onLost(why);
  }

  private end(): void {
    this.ended = true;
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    if (this.deadlineTimer !== null) clearTimeout(this.deadlineTimer);
  }
}
