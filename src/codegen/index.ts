export type { GraphqlClientCodeOptions } from './client-code.js';
export { generateGraphqlClientCode, withoutAppSyncDeclarations } from './client-code.js';
export { DATA_ENV, HEARTH_INTROSPECTION_FILE_ENV } from './data-env-names.js';
export { backendEnvVarNames, renderFunctionEnvTypes, writeFunctionEnvTypes } from './env-types.js';
export { buildModelIntrospection } from './model-introspection.js';
export type { BuildOutputsOptions, HearthCustomOutputs } from './outputs.js';
export { buildOutputs, OUTPUTS_VERSION, writeOutputs } from './outputs.js';
