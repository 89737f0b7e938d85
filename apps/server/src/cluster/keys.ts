/**
 * The Redis keys of cluster mode. A session's keys share the hash tag `{sessionId}`, so the Lua scripts that touch two
 * of them (lease and fence) stay valid on a Redis Cluster too. Session and node ids are base64url: no braces.
 */
export const clusterKeys = {
  /** `nodeId#token` of the node that trains the session; expires unless renewed. */
  lease: (sessionId: string) => `liveprop:{${sessionId}}:lease`,
  /** The session's fencing counter: only rises, never expires. */
  fence: (sessionId: string) => `liveprop:{${sessionId}}:fence`,
  /** Sequenced broadcast frames, trimmed like the in-memory ring. */
  frames: (sessionId: string) => `liveprop:{${sessionId}}:frames`,
  /** The latest snapshot: a stream trimmed to one entry. */
  snapshot: (sessionId: string) => `liveprop:{${sessionId}}:snapshot`,
  /** Per node, the participants it serves for the session. */
  presence: (sessionId: string) => `liveprop:{${sessionId}}:presence`,
  /** Exists while the node is alive (heartbeat with a TTL). */
  nodeAlive: (nodeId: string) => `liveprop:node:{${nodeId}}:alive`,
  /** Per node, its free workers: where new and woken sessions go. */
  workers: 'liveprop:nodes:workers',
  /** Forwarded commands and their answers addressed to the node. */
  inbox: (nodeId: string) => `liveprop:node:{${nodeId}}:inbox`,
};
