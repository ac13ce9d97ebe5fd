/** The data service: AppSync schema from DataIR, resolvers, authorization. */
export { CONSOLE_CALLER } from './auth/iam-admin.js';
export { createDataService, type DataServiceDeps } from './create-data-service.js';
export { buildExecutableSchema, printServedSdl } from './schema/index.js';
export type * from './types.js';
