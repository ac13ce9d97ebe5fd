/**
 * `hearth/function-runtime`: what `@aws-amplify/backend/function/runtime` offers a handler, for
 * handlers run by Hearth (the bundler aliases the Amplify import here).
 */
import { readFile } from 'node:fs/promises';

/** The env vars the data client config is read from (a handler passes its `$amplify/env` object). */
export type DataClientEnv = Partial<Record<string, string>>;

export interface DataClientConfig {
  resourceConfig: {
    API?: {
      GraphQL: { endpoint: string; region: string; defaultAuthMode: 'iam'; modelIntrospection: object };
    };
  };
  libraryOptions: {
    Auth?: {
      credentialsProvider: {
        getCredentialsAndIdentityId: () => Promise<{
          credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
        }>;
        clearCredentialsAndIdentityId: () => void;
      };
    };
  };
}

/**
 * The `Amplify.configure` arguments that let a function call the data API with IAM, exactly as
 * Amplify's `getAmplifyDataClientConfig` builds them. One deviation: the model introspection
 * schema is read from the file named by `HEARTH_MODEL_INTROSPECTION_FILE` instead of S3.
 * A function without data access gets empty configs, as in Amplify.
 *
 * @example
 * ```ts
 * import { Amplify } from 'aws-amplify';
 * import { generateClient } from 'aws-amplify/data';
 * import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
 * import { env } from '$amplify/env/post-confirmation';
 * import type { Schema } from '../../data/resource';
 *
 * const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
 * Amplify.configure(resourceConfig, libraryOptions);
 * const client = generateClient<Schema>();
 * ```
 */
export async function getAmplifyDataClientConfig(env: DataClientEnv): Promise<DataClientConfig> {
  const name = env.AMPLIFY_DATA_DEFAULT_NAME;
  if (!name) return { resourceConfig: {}, libraryOptions: {} };
  const prefix = screamingSnake(name);
  const endpoint = env[`${prefix}_GRAPHQL_ENDPOINT`];
  if (!endpoint) return { resourceConfig: {}, libraryOptions: {} };
  const graphql = { endpoint, region: env.AWS_REGION ?? '', defaultAuthMode: 'iam' as const };
  return {
    resourceConfig: { API: { GraphQL: { ...graphql, modelIntrospection: await readIntrospection(env) } } },
    libraryOptions: { Auth: { credentialsProvider: envCredentialsProvider(env) } },
  };
}

/** `amplifyData` → `AMPLIFY_DATA`, the prefix Amplify gives a data resource's env vars. */
function screamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

async function readIntrospection(env: DataClientEnv): Promise<object> {
  const file = env.HEARTH_MODEL_INTROSPECTION_FILE;
  if (!file) throw new Error('HEARTH_MODEL_INTROSPECTION_FILE is not set: this function must run under Hearth.');
  return JSON.parse(await readFile(file, 'utf8')) as object;
}

/** Reads credentials at call time: Hearth recycles a worker (and its env) before they expire. */
function envCredentialsProvider(env: DataClientEnv) {
  return {
    getCredentialsAndIdentityId: async () => ({
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
        sessionToken: env.AWS_SESSION_TOKEN ?? '',
      },
    }),
    clearCredentialsAndIdentityId: () => {
      /* nothing to clear: the credentials live in the environment */
    },
  };
}
