/**
 * Names of the env vars a function granted `allow.resource(fn)` receives (reference §1.4, §7).
 * Amplify derives them from `AMPLIFY_DATA_DEFAULT_NAME` ('amplifyData' → prefix `AMPLIFY_DATA`);
 * `getAmplifyDataClientConfig` reads them back the same way.
 */
export const DATA_ENV = {
  defaultName: 'AMPLIFY_DATA_DEFAULT_NAME',
  endpoint: 'AMPLIFY_DATA_GRAPHQL_ENDPOINT',
  introspectionBucket: 'AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME',
  introspectionKey: 'AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY',
} as const;

/** Hearth's own addition: where the introspection JSON lies on disk (instead of S3). */
export const HEARTH_INTROSPECTION_FILE_ENV = 'HEARTH_MODEL_INTROSPECTION_FILE';
