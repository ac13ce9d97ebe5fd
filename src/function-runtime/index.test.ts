import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAmplifyDataClientConfig } from './index.js';

describe('getAmplifyDataClientConfig', () => {
  it('builds the IAM data client config from the function env and the local introspection file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'hearth-rt-')), 'mis.json');
    await writeFile(file, JSON.stringify({ version: 1, models: {} }));
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'ASIA1',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AMPLIFY_DATA_DEFAULT_NAME: 'amplifyData',
      AMPLIFY_DATA_GRAPHQL_ENDPOINT: 'http://127.0.0.1:4000/graphql',
      HEARTH_MODEL_INTROSPECTION_FILE: file,
    };
    const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
    expect(resourceConfig.API?.GraphQL).toEqual({
      endpoint: env.AMPLIFY_DATA_GRAPHQL_ENDPOINT,
      region: 'us-east-1',
      defaultAuthMode: 'iam',
      modelIntrospection: { version: 1, models: {} },
    });
    const provider = libraryOptions.Auth?.credentialsProvider;
    expect(await provider?.getCredentialsAndIdentityId()).toEqual({
      credentials: { accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token' },
    });
  });

  it('returns empty configs for a function without data access, as Amplify does', async () => {
    expect(await getAmplifyDataClientConfig({ AWS_REGION: 'us-east-1' })).toEqual({ resourceConfig: {}, libraryOptions: {} });
  });
});
