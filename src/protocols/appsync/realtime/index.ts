/** AppSync's realtime WebSocket for GraphQL subscriptions (reference §F). */
export { createRealtimeServer, REALTIME_PATH, type RealtimeServer, type RealtimeServerOptions } from './create-realtime-server.js';
export type { RealtimeDeps } from './serve-connection.js';
