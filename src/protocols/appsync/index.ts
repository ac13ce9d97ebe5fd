/** AppSync GraphQL over HTTP, and the realtime WebSocket for subscriptions (realtime/). */
export type { ApiKeyConfig } from './api-key-auth.js';
export { type AppSyncHandlerDeps, createAppSyncHandler, GRAPHQL_PATH } from './create-appsync-handler.js';
export { appSyncErrorResponse } from './errors.js';
export { createRealtimeServer, REALTIME_PATH, type RealtimeDeps, type RealtimeServer } from './realtime/index.js';
