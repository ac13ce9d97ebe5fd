export { APPSYNC_PRELUDE, APPSYNC_SCALARS } from './appsync-prelude.js';
export { type BuiltSchema, buildExecutableSchema, type FieldResolvers } from './build-executable-schema.js';
export { keyFields, ownerFields, storedFields } from './field-types.js';
export { compositeArgumentName } from './key-inputs.js';
export { printServedSdl } from './print-served-sdl.js';
export { operationNames } from './root-fields.js';
