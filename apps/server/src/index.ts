export { createServer, type ServerOptions, type RunningServer } from './server.js';
export type { SessionSummary } from './http/lobbyRest.js';
export type { ConnectionLimits } from './socket/connection.js';
