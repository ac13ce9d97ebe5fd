import { mkdtemp, readFile, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userProfileDataIR } from '../../test/support/codegen-user-profile-schema.js';
import type { FunctionIR } from '../ir/types.js';
import { writeFunctionEnvTypes } from './env-types.js';

const fn: FunctionIR = {
  name: 'post-confirmation',
  entry: '/app/amplify/auth/post-confirmation/handler.ts',
  definedIn: '/app/amplify/auth/post-confirmation/resource.ts',
  timeoutSeconds: 3,
  memoryMB: 512,
  environment: { GREETING: 'hi' },
  dataAccess: true,
};

describe('writeFunctionEnvTypes', () => {
  it('writes the typed $amplify/env module for a function with data access', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hearth-env-'));
    const file = await writeFunctionEnvTypes(root, fn, userProfileDataIR());
    expect(file).toBe(join(root, '.amplify', 'generated', 'env', 'post-confirmation.ts'));
    const text = await readFile(file, 'utf8');
    expect(text).toContain('export const env = process.env as unknown as LambdaProvidedEnvVars & AmplifyBackendEnvVars;');
    expect(text).toMatch(/type LambdaProvidedEnvVars = \{[^}]*AWS_SESSION_TOKEN: string;[^}]*\}/);
    const backend = /type AmplifyBackendEnvVars = \{([^}]*)\}/.exec(text)?.[1] ?? '';
    for (const key of [
      'GREETING',
      'AMPLIFY_DATA_GRAPHQL_ENDPOINT',
      'AMPLIFY_DATA_DEFAULT_NAME',
      'AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY',
    ]) {
      expect(backend).toContain(`${key}: string;`);
    }
  });

  it('gives no data variables to a function without data access', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hearth-env-'));
    const text = await readFile(await writeFunctionEnvTypes(root, { ...fn, dataAccess: false }, userProfileDataIR()), 'utf8');
    expect(text).not.toContain('AMPLIFY_DATA_GRAPHQL_ENDPOINT');
  });

  it('leaves an unchanged file untouched, so reloads do not restart the function', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hearth-env-'));
    const file = await writeFunctionEnvTypes(root, fn, userProfileDataIR());
    const past = new Date(Date.now() - 60_000);
    await utimes(file, past, past);
    await writeFunctionEnvTypes(root, fn, userProfileDataIR());
    expect(Math.round((await stat(file)).mtimeMs)).toBe(past.getTime());
  });
});

describe('writeFunctionEnvTypes with storage access', () => {
  it('types <name>_BUCKET_NAME for each bucket the function may use, quoting names that are not identifiers', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hearth-env-'));
    const storageAccess = [
      { envName: 'myReports_BUCKET_NAME', bucketName: 'amplify-app-myreports-00000000' },
      { envName: 'team files_BUCKET_NAME', bucketName: 'amplify-app-team-files-11111111' },
    ];
    const text = await readFile(await writeFunctionEnvTypes(root, { ...fn, dataAccess: false, storageAccess }), 'utf8');
    const backend = /type AmplifyBackendEnvVars = \{([^}]*)\}/.exec(text)?.[1] ?? '';
    expect(backend).toContain('  myReports_BUCKET_NAME: string;');
    expect(backend).toContain('  "team files_BUCKET_NAME": string;');
  });

  it('gives a function without storage access no bucket variable', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hearth-env-'));
    expect(await readFile(await writeFunctionEnvTypes(root, fn), 'utf8')).not.toContain('_BUCKET_NAME');
  });
});
