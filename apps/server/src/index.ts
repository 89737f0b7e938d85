export { createServer, type ServerOptions, type RunningServer } from './server.js';
export type { SessionSummary } from '@liveprop/protocol';
export type { ConnectionLimits } from './socket/connection.js';
