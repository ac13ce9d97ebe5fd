/** The dev console's protocol face: the handler under CONSOLE_PATH, its sessions and its live events. */
export { type ConsoleEvent, type ConsoleEvents, createConsoleEvents } from './console-events.js';
export { type ConsoleHandlerDeps, createConsoleHandler } from './console-handler.js';
export type { ConsoleRoute } from './console-router.js';
export { type AdminKey, type ConsoleSessions, CSRF_HEADER, createConsoleSessions, SESSION_COOKIE } from './console-session.js';
export { eventRoutes } from './events.js';
export { type ExplorerDeps, explorerRoutes } from './explorer.js';
export { type InvocationRouteDeps, invocationRoutes } from './invocations.js';
export { mailRoutes } from './mail.js';
export { type OverviewDeps, overviewRoutes } from './overview.js';
export { type RecordRouteDeps, recordRoutes } from './records.js';
export { storageRoutes } from './storage.js';
export { type UserRouteDeps, userRoutes } from './users.js';
