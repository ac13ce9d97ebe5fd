/** AppSync GraphQL over HTTP. TODO(realtime): the WebSocket subscription endpoint. */
export type { ApiKeyConfig } from './api-key-auth.js';
export { type AppSyncHandlerDeps, createAppSyncHandler, GRAPHQL_PATH } from './create-appsync-handler.js';
export { appSyncErrorResponse } from './errors.js';
