/**
 * Every number cluster mode runs by, in one place. Building blocks take them as defaults; tests pass smaller ones.
 * See apps/server/README.md "Cluster mode".
 */

/** A session's ownership lease lapses this long after its last renewal. */
export const LEASE_TTL_MS = 6_000;
/** The owner renews its lease this often (three tries per lease). */
export const LEASE_RENEW_MS = 2_000;
/** The owner reports a lost lease this long before Redis would let it lapse: room for late timers and the network. */
export const LEASE_MARGIN_MS = 1_000;

/**
 * A Redis connection silent this long is dropped and reopened, failing the commands that wait on it: a stalled Redis
 * is an error, not a hang. (node-redis's command timeout only covers commands not yet written.)
 */
export const REDIS_STALL_MS = 5_000;
/** An idle connection PINGs this often, so silence means a stall, not a quiet moment. */
export const REDIS_PING_MS = 1_000;
/** Longest wait between reconnect attempts after Redis went away. */
export const REDIS_RECONNECT_MAX_MS = 1_000;

/** A blocking XREAD returns after this long with nothing; well inside {@link REDIS_STALL_MS}. */
export const STREAM_BLOCK_MS = 2_000;
/** Frames a session's Redis stream keeps for resume (`XADD MAXLEN ~`), like the in-memory ring's 4,096. */
export const STREAM_MAX_FRAMES = 4_096;
/** Most entries one XREAD takes per stream, so one busy session cannot hold the reader for long. */
export const STREAM_READ_COUNT = 512;

/** A node's heartbeat key lives this long: a dead node's participants vanish from presence within it. */
export const PRESENCE_TTL_MS = 10_000;
/** A node refreshes its heartbeat and presence this often. */
export const PRESENCE_HEARTBEAT_MS = 3_000;

/** A command forwarded to a session's owner that has no answer by then fails with `owner-unreachable`. */
export const FORWARD_TIMEOUT_MS = 5_000;
/** Entries a node's inbox stream keeps (`XADD MAXLEN ~`); older ones are past {@link FORWARD_TIMEOUT_MS} anyway. */
export const INBOX_MAX_ENTRIES = 1_000;

/** The owner of a session re-reads the other nodes' participants of it (and publishes its own) this often. */
export const PRESENCE_SYNC_MS = 1_000;
/** A node publishes its free workers this often, for the others to place sessions by. */
export const WORKERS_PUBLISH_MS = 1_000;
/** Each node looks this often for stored sessions that were training and that no node holds (a dead owner's). */
export const TAKEOVER_SWEEP_MS = 1_000;
