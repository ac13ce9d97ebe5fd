import { readFile, utimes, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { userProfileDataIR } from '../../test/support/codegen-user-profile-schema.js';
import { captureLogger, fakeCredentialIssuer, handlerFunction, tempProject } from '../../test/support/function-fakes.js';
import type { BackendIR, FunctionIR } from '../ir/types.js';
import { createFunctionService, type FunctionService } from './function-service.js';

let service: FunctionService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(fns: FunctionIR[], root: string, over: Partial<BackendIR> = {}, initTimeoutSeconds?: number) {
  const logger = captureLogger();
  const ir: BackendIR = { projectRoot: root, region: 'eu-west-1', functions: fns, addedOutputs: [], ...over };
  service = createFunctionService({
    ir,
    credentials: fakeCredentialIssuer(),
    region: 'eu-west-1',
    logger,
    dataUrl: 'http://127.0.0.1:4000/graphql',
    initTimeoutSeconds,
  });
  return { service, logger, ir };
}

/** a handler that never answers when the event asks it to hang, else answers 'ok' */
const HANGS_ON_REQUEST = `export const handler = async (event) => { if (event.hang) await new Promise(() => setInterval(() => {}, 1000)); return 'ok'; };`;
const TIMED_OUT_AFTER_1S = { ok: false, kind: 'timeout', errorMessage: 'Task timed out after 1.00 seconds' };

describe('createFunctionService', () => {
  it('runs an async handler with a Lambda context and returns its JSON result', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(
      root,
      'echo',
      `export const handler = async (event, context) => ({ event, name: context.functionName, left: context.getRemainingTimeInMillis() > 0, at: new Date(0) });`,
    );
    const { service } = await start([fn], root);
    expect(await service.invoke('echo', { a: 1 })).toEqual({
      ok: true,
      result: { event: { a: 1 }, name: 'echo', left: true, at: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('supports callback-style handlers', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(
      root,
      'cb',
      `export const handler = (event, context, callback) => { setTimeout(() => callback(null, event.n + 1), 5); };`,
    );
    const { service } = await start([fn], root);
    expect(await service.invoke('cb', { n: 41 })).toEqual({ ok: true, result: 42 });
  });

  it('answers a thrown error with its type and message, and logs the stack', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'thrower', `export const handler = async () => { throw new TypeError('profile is missing'); };`);
    const { service, logger } = await start([fn], root);
    expect(await service.invoke('thrower', {})).toEqual({
      ok: false,
      kind: 'error',
      errorType: 'TypeError',
      errorMessage: 'profile is missing',
    });
    await until(() => logger.lines.some((l) => l.startsWith('[thrower] error: ') && l.includes('TypeError')));
  });

  it('kills a handler that overruns its timeout and serves the next call from a fresh worker', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'slow', HANGS_ON_REQUEST, { timeoutSeconds: 1 });
    const { service } = await start([fn], root);
    expect(await service.invoke('slow', { hang: true })).toEqual(TIMED_OUT_AFTER_1S);
    expect(await service.invoke('slow', {})).toEqual({ ok: true, result: 'ok' });
  });

  it("does not count the module's load against the timeout, but still times out a slow handler", async () => {
    const root = await tempProject();
    // the top level blocks for 1.5 s, longer than the 1 s timeout (as aws-amplify's import can under load)
    const fn = await handlerFunction(root, 'slowinit', `${sleepAtTopLevel(1500)}\n${HANGS_ON_REQUEST}`, { timeoutSeconds: 1 });
    const { service } = await start([fn], root);
    expect(await service.invoke('slowinit', {})).toEqual({ ok: true, result: 'ok' });
    expect(await service.invoke('slowinit', { hang: true })).toEqual(TIMED_OUT_AFTER_1S);
    expect(await service.invoke('slowinit', {})).toEqual({ ok: true, result: 'ok' });
  });

  it('fails an invocation whose init outlasts the init limit with an init error', async () => {
    const root = await tempProject();
    const code = `${sleepAtTopLevel(60_000)}\nexport const handler = async () => 'never';`;
    const fn = await handlerFunction(root, 'stuck', code, { timeoutSeconds: 30 });
    const { service, logger } = await start([fn], root, {}, 1);
    expect(await service.invoke('stuck', {})).toEqual({
      ok: false,
      kind: 'error',
      errorType: 'Runtime.InitTimeout',
      errorMessage: 'Init timed out after 1.00 seconds',
    });
    expect(logger.lines).toContain('[stuck] error: Init timed out after 1.00 seconds');
  });

  it('answers a module that throws while loading as an import error, on every invocation', async () => {
    const root = await tempProject();
    const code = `throw new Error('missing configuration');\nexport const handler = async () => 'never';`;
    const fn = await handlerFunction(root, 'badinit', code);
    const { service } = await start([fn], root);
    const importError = { ok: false, kind: 'error', errorType: 'Runtime.ImportModuleError', errorMessage: 'missing configuration' };
    expect(await service.invoke('badinit', {})).toEqual(importError);
    expect(await service.invoke('badinit', {})).toEqual(importError);
  });

  it('answers a crashed worker as an error and recovers', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'crash', `export const handler = async (e) => { if (e.die) process.exit(3); return 'alive'; };`);
    const { service } = await start([fn], root);
    expect(await service.invoke('crash', { die: true })).toMatchObject({
      ok: false,
      kind: 'error',
      errorType: 'Runtime.ExitError',
      errorMessage: 'Runtime exited with error: exit status 3',
    });
    expect(await service.invoke('crash', {})).toEqual({ ok: true, result: 'alive' });
  });

  it("gives Lambda's env and the data env, but none of the parent's secrets", async () => {
    process.env.HEARTH_TEST_PARENT_SECRET = 'do-not-leak';
    const root = await tempProject();
    const code = `import { env } from '$amplify/env/reader';\nexport const handler = async () => ({ ...env });`;
    const fn = await handlerFunction(root, 'reader', code, {
      dataAccess: true,
      environment: { GREETING: 'hi', AWS_REGION: 'nope' },
      memoryMB: 300,
    });
    const { service } = await start([fn], root, { data: userProfileDataIR() });
    const res = await service.invoke('reader', {});
    const env = (res.ok ? res.result : {}) as Record<string, string>;
    delete process.env.HEARTH_TEST_PARENT_SECRET;
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'reader',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '300',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      GREETING: 'hi',
      AWS_ACCESS_KEY_ID: 'ASIAFAKE1',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-1',
      AWS_SESSION_TOKEN: 'fake-token-1',
      AMPLIFY_DATA_GRAPHQL_ENDPOINT: 'http://127.0.0.1:4000/graphql',
      AMPLIFY_DATA_DEFAULT_NAME: 'amplifyData',
    });
    expect(env.HEARTH_TEST_PARENT_SECRET).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
    const introspection = JSON.parse(await readFile(env.HEARTH_MODEL_INTROSPECTION_FILE ?? '', 'utf8'));
    expect(introspection.models.UserProfile.name).toBe('UserProfile');
  });

  it('lets a handler build its data client config through @aws-amplify/backend/function/runtime', async () => {
    const root = await tempProject();
    const code = `import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { env } from '$amplify/env/configurer';
export const handler = async () => {
  const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
  const { credentials } = await libraryOptions.Auth.credentialsProvider.getCredentialsAndIdentityId();
  return { graphql: { ...resourceConfig.API.GraphQL, modelIntrospection: Object.keys(resourceConfig.API.GraphQL.modelIntrospection.models) }, credentials };
};`;
    const fn = await handlerFunction(root, 'configurer', code, { dataAccess: true });
    const { service } = await start([fn], root, { data: userProfileDataIR() });
    expect(await service.invoke('configurer', {})).toEqual({
      ok: true,
      result: {
        graphql: {
          endpoint: 'http://127.0.0.1:4000/graphql',
          region: 'eu-west-1',
          defaultAuthMode: 'iam',
          modelIntrospection: ['UserProfile'],
        },
        credentials: { accessKeyId: 'ASIAFAKE1', secretAccessKey: 'fake-secret-1', sessionToken: 'fake-token-1' },
      },
    });
  });

  it("prefixes every log line with the function's name", async () => {
    const root = await tempProject();
    const fn = await handlerFunction(
      root,
      'talker',
      `export const handler = async () => { console.log('first line\\nsecond line'); console.error('oops'); return null; };`,
    );
    const { service, logger } = await start([fn], root);
    await service.invoke('talker', {});
    await until(() => logger.lines.length >= 3);
    expect(logger.lines).toEqual(expect.arrayContaining(['[talker] first line', '[talker] second line', '[talker] error: oops']));
  });

  it('queues concurrent invocations on one warm worker', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(
      root,
      'counter',
      `let n = 0; export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return ++n; };`,
    );
    const { service } = await start([fn], root);
    const results = await Promise.all([1, 2, 3].map(() => service.invoke('counter', {})));
    expect(results.map((r) => (r.ok ? r.result : undefined)).sort()).toEqual([1, 2, 3]);
  });

  it('picks up a changed handler on reload', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'versioned', `export const handler = async () => 'v1';`);
    const { service, ir } = await start([fn], root);
    expect(await service.invoke('versioned', {})).toEqual({ ok: true, result: 'v1' });
    await writeFile(fn.entry, `export const handler = async () => 'v2';`);
    const later = new Date(Date.now() + 5000);
    await utimes(fn.entry, later, later);
    await service.reload(ir);
    expect(await service.invoke('versioned', {})).toEqual({ ok: true, result: 'v2' });
  });

  it('answers a handler that does not compile with the file and line', async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'broken', `export const handler = async () => {`);
    const { service } = await start([fn], root);
    const res = await service.invoke('broken', {});
    expect(res).toMatchObject({ ok: false, kind: 'error', errorType: 'Runtime.UserCodeSyntaxError' });
    expect(res.ok ? '' : res.errorMessage).toContain('handler.ts:1');
  });

  it('throws ResourceNotFound for an unknown function', async () => {
    const root = await tempProject();
    const { service } = await start([], root);
    expect(() => service.invoke('nope', {})).toThrow(/Function not found: nope/);
  });
});

/** module top-level code that blocks its process for `ms`, as a heavy import does */
function sleepAtTopLevel(ms: number): string {
  return `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});`;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
