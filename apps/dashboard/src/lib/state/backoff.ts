/** Reconnect delays: exponential from `baseMs`, capped at `maxMs`, with "full jitter" so many clients do not reconnect in lockstep. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 8000 };

/**
 * Delay before reconnect attempt `attempt` (0-based). `random` is a number in [0, 1) supplied by the caller
 * so the function stays pure; the delay lies in [ceiling/2, ceiling].
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
