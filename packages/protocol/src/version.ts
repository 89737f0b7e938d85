/** Version of the wire protocol. The client's `hello` must carry exactly this number ([R1]). */
export const PROTOCOL_VERSION = 1;

/** Largest client frame the server reads, in bytes ([R6]). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;
