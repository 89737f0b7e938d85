/** Machine codes carried by `{type:"error"}` frames. */
export const ERROR_CODES = [
  'bad_json',
  'bad_frame',
  'unknown_type',
  'invalid_field',
  'too_large',
  'version_mismatch',
  'hello_required',
  'already_joined',
  'not_joined',
  'unknown_session',
  'forbidden',
  'rate_limited',
  'invalid_change',
  'output_change',
  'invalid_config',
  'diverged',
  'nothing_to_rollback',
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses, all in the application range 4000–4999 ([R2], [R6], [R7]). */
export const CLOSE_CODES = {
  /** The client's protocol version differs from the server's. */
  versionMismatch: 4000,
  /** The first frame was not a valid `hello`. */
  helloRequired: 4001,
  /** The server is shutting down. */
  goingAway: 4002,
  /** The session was deleted by an editor ([R21]). */
  sessionDeleted: 4004,
  /** The client fell too far behind (its send queue passed the bound). */
  slowConsumer: 4008,
  /** A frame exceeded {@link MAX_CLIENT_FRAME_BYTES}. */
  tooLarge: 4009,
  /** The client kept sending past its rate limit. */
  flooding: 4029,
} as const;
