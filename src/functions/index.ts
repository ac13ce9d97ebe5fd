export type { FunctionBundle } from './bundle.js';
export { BundleError, bundleFunction, functionBundleDir, isBundleStale } from './bundle.js';
export type { FunctionService, FunctionServiceDeps } from './function-service.js';
export { createFunctionService } from './function-service.js';
export type { LambdaEnvOptions } from './lambda-env.js';
export { buildLambdaEnv } from './lambda-env.js';
export type { FunctionInvoker, InvokeResult } from './types.js';
