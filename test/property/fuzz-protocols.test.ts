/**
 * Random and mutated requests at every Cognito target, at GraphQL over HTTP and at the realtime
 * socket of a real in-process Hearth (the blog example on SQLite). Fails on a 5xx, an
 * answer not in the protocol's error shape, a request that hangs, or a server that stops answering.
 * Re-run a failure with HEARTH_PROPERTY_SEED=<seed printed in the failure>; HEARTH_FUZZ_RUNS scales
 * the number of runs (default: about 25 s in all on a 2-core machine).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { COGNITO_DEFAULT_LIMITS } from '../../src/auth/rate-limits.js';
import { cognitoIdpOperations } from '../../src/protocols/cognito/registry.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { cognitoBody, graphqlBody, mutated, realtimeFrame, validCognito, wireBody } from './fuzz-requests.js';

const SEED = process.env.HEARTH_PROPERTY_SEED ? Number(process.env.HEARTH_PROPERTY_SEED) : Date.now() % 2 ** 31;
const SCALE = Number(process.env.HEARTH_FUZZ_RUNS ?? 1);
const REQUEST_TIMEOUT_MS = 5_000;

let app: ReturnType<typeof copyExample>;
let backend: RunningBackend;
let clientId: string;
let apiKey: string;
/**
 * Signed-in users' tokens, so signed-in operations and owner rules get exercised too: one for the
 * Cognito fuzz (which may sign it out or delete it), another for GraphQL.
 */
let tokens: { AccessToken: string; RefreshToken: string };
let dataTokens: { AccessToken: string; RefreshToken: string };

beforeAll(async () => {
  app = copyExample('blog');
  // limits off: the fuzzer should reach the operations, not the limiter (rate-limits.test.ts covers it)
  const rateLimits = { ...COGNITO_DEFAULT_LIMITS, enabled: false };
  backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger, rateLimits });
  clientId = backend.ir().auth?.userPoolClientId ?? 'none';
  const outputs = (await import(`${app.dir}/amplify_outputs.json`, { with: { type: 'json' } })).default;
  apiKey = outputs.data.api_key;
  tokens = await signedInUser('fuzz@example.com', 'Passw0rd!');
  dataTokens = await signedInUser('fuzz-data@example.com', 'Passw0rd!');
});

async function cognitoCall(op: string, body: object): Promise<Record<string, unknown>> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  const r = await post(backend.urls.cognito, headers, JSON.stringify({ ClientId: clientId, ...body }));
  if (r.status !== 200) throw new Error(`${op}: ${r.body}`);
  return JSON.parse(r.body);
}

async function signedInUser(email: string, password: string) {
  await cognitoCall('SignUp', { Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
  const port = Number(new URL(backend.urls.base).port);
  await cognitoCall('ConfirmSignUp', { Username: email, ConfirmationCode: await latestCode(port, email) });
  const r = await cognitoCall('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } });
  return r.AuthenticationResult as { AccessToken: string; RefreshToken: string };
}

afterAll(async () => {
  await backend?.close();
  app?.remove();
});

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const parsed = (body: string): Record<string, unknown> => {
  const v: unknown = JSON.parse(body);
  expect(v).toBeTypeOf('object');
  return v as Record<string, unknown>;
};

async function stillServing(): Promise<void> {
  const res = await fetch(`${backend.urls.base}/_hearth/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  expect(res.status).toBe(200);
}

/** what the answers were, by status and error type: printed, and checked to show the fuzzer got past the first checks */
const seen = { cognito: new Map<string, number>(), graphql: new Map<string, number>(), realtime: new Map<string, number>() };
const tally = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

const params = (runs: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(runs * SCALE)), endOnFailure: true });

describe('fuzz: Cognito JSON targets', () => {
  const targets = [
    ...Object.keys(cognitoIdpOperations).map((op) => `AWSCognitoIdentityProviderService.${op}`),
    'AWSCognitoIdentityService.GetId',
    'AWSCognitoIdentityService.GetCredentialsForIdentity',
    'AWSCognitoIdentityProviderService.ListDevices',
  ];
  const target = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...targets) }, { weight: 1, arbitrary: fc.string({ maxLength: 60 }) });

  const prefix = (op: string) => `AWSCognitoIdentityProviderService.${op}`;
  const request = (clientId: string, t: typeof tokens) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(target, wireBody(cognitoBody(clientId, t))) },
      { weight: 1, arbitrary: validCognito(clientId).chain(([op, b]) => fc.tuple(fc.constant(prefix(op)), wireBody(fc.constant(b)))) },
    );

  it('answers every request with 200 or a 4xx in the AWS JSON error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => request(clientId, tokens)),
        async ([t, body]) => {
          const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
          // a header value must be a valid HTTP token string: fetch refuses others before sending
          if (/^[\x21-\x7e]*$/.test(t)) headers['x-amz-target'] = t;
          const r = await post(backend.urls.cognito, headers, body);
          expect(r.status, r.body).toBeLessThan(500);
          const o = parsed(r.body);
          tally(seen.cognito, `${r.status} ${o.__type ?? ''}`);
          if (r.status !== 200) {
            expect(o.__type).toBeTypeOf('string');
            expect(o.message).toBeTypeOf('string');
            expect(r.headers.get('x-amzn-errortype')).toBe(o.__type);
          }
        },
      ),
      params(800),
    );
    await stillServing();
    console.info('cognito answers:', Object.fromEntries(seen.cognito));
    expect(seen.cognito.get('200 ')).toBeGreaterThan(0);
  });
});

describe('fuzz: GraphQL over HTTP', () => {
  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Record<string, string>>({}).map(() => ({ 'x-api-key': apiKey })) },
    { weight: 2, arbitrary: fc.constant<Record<string, string>>({}).map(() => ({ authorization: dataTokens.AccessToken })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        {},
        { 'x-api-key': 'da2-wrong' },
        { authorization: 'not-a-jwt' },
        { authorization: 'a.b.c' },
        { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
      ),
    },
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: graphqlBody.map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: mutated(graphqlBody.map((b) => JSON.stringify(b))) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', '[]', 'null', '{"query":null}')) },
  );

  it('answers every request with a GraphQL body (200) or a 4xx in AppSync error shape', async () => {
    await fc.assert(
      fc.asyncProperty(auth, body, async (headers, b) => {
        const r = await post(backend.urls.data, { 'content-type': 'application/json', ...headers }, b);
        expect(r.status, r.body).toBeLessThan(500);
        const o = parsed(r.body);
        const first = (o.errors as { errorType?: string }[] | undefined)?.[0]?.errorType ?? 'ok';
        tally(seen.graphql, `${r.status} ${first}`);
        if (r.status === 200) expect('data' in o || Array.isArray(o.errors), r.body).toBe(true);
        if (r.status !== 200) expect(r.headers.get('x-amzn-errortype')).toBe((o.errors as { errorType: string }[])[0]?.errorType);
        for (const e of (o.errors as Record<string, unknown>[] | undefined) ?? []) {
          expect(e.errorType, r.body).toBeTypeOf('string');
          expect(e.message, r.body).toBeTypeOf('string');
          expect(e.errorType, r.body).not.toBe('InternalFailure');
        }
      }),
      params(800),
    );
    await stillServing();
    console.info('graphql answers:', Object.fromEntries(seen.graphql));
    expect(seen.graphql.get('200 ok')).toBeGreaterThan(0);
  });
});

describe('fuzz: realtime WebSocket', () => {
  /**
   * Opens a socket; with `init`, sends connection_init and waits for the answer as clients do; then
   * sends the frames, collects what comes back for a moment, and closes it.
   */
  async function session(
    frames: (string | Buffer)[],
    header: Record<string, string> | string,
    init: boolean,
  ): Promise<{ messages: unknown[]; closeCode?: number }> {
    const encoded = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header)).toString('base64url');
    const ws = new WebSocket(`${backend.urls.base.replace('http', 'ws')}/graphql/realtime`, ['graphql-ws', `header-${encoded}`]);
    const messages: unknown[] = [];
    let closeCode: number | undefined;
    let answered: () => void = () => {};
    const firstAnswer = new Promise<void>((resolve) => {
      answered = resolve;
    });
    ws.on('message', (m) => {
      messages.push(JSON.parse(String(m)));
      answered();
    });
    ws.on('error', () => {});
    const closed = new Promise<void>((resolve) =>
      ws.on('close', (code) => {
        closeCode = code;
        resolve();
      }),
    );
    const opened = await Promise.race([new Promise<boolean>((resolve) => ws.on('open', () => resolve(true))), closed.then(() => false)]);
    if (opened && init) {
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await Promise.race([firstAnswer, closed, new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS))]);
    }
    if (opened) for (const f of frames) if (ws.readyState === WebSocket.OPEN) ws.send(f);
    await new Promise((resolve) => setTimeout(resolve, 60));
    ws.close();
    const done = await Promise.race([
      closed.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), REQUEST_TIMEOUT_MS)),
    ]);
    if (!done) ws.terminate();
    expect(done, 'the server never closed the socket').toBe(true);
    return { messages, closeCode };
  }

  it('answers every frame with protocol messages and never drops the server', async () => {
    const host = new URL(backend.urls.data).host;
    const good = () => ({ host, 'x-api-key': apiKey });
    const header = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null).map(() => good()) },
      { weight: 1, arbitrary: fc.oneof(fc.constant({ host, 'x-api-key': 'da2-wrong' }), fc.string({ maxLength: 40 })) },
    );
    const frames = fc.constant(null).chain(() => fc.array(realtimeFrame(good()), { minLength: 1, maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
        frames,
        async (h, init, fs) => {
          const { messages } = await session(fs, h, init);
          for (const m of messages) {
            tally(seen.realtime, String((m as { type?: unknown }).type));
            expect(m).toBeTypeOf('object');
            expect((m as { type: unknown }).type).toBeTypeOf('string');
            const errors = (m as { payload?: { errors?: { errorType?: unknown }[] } }).payload?.errors ?? [];
            for (const e of errors) expect(e.errorType, JSON.stringify(m)).not.toBe('InternalFailure');
          }
        },
      ),
      params(160),
    );
    await stillServing();
    console.info('realtime messages:', Object.fromEntries(seen.realtime));
    expect(seen.realtime.get('start_ack')).toBeGreaterThan(0);
  });

  it('refuses a subscription deeper than the depth limit with a ValidationError, and keeps the socket', async () => {
    const host = new URL(backend.urls.data).host;
    const auth = { host, 'x-api-key': apiKey };
    const deep = `subscription { onCreatePost { author { posts { items { author { posts { items {${' author { posts { items {'.repeat(25)} id ${'} } }'.repeat(25)} } } } } } } } }`;
    const start = (id: string, query: string) =>
      JSON.stringify({
        id,
        type: 'start',
        payload: { data: JSON.stringify({ query, variables: {} }), extensions: { authorization: auth } },
      });
    const { messages } = await session([start('deep', deep), start('ok', 'subscription { onCreatePost { id } }')], auth, true);
    expect(messages).toContainEqual({
      type: 'error',
      id: 'deep',
      payload: { errors: [{ errorType: 'ValidationError', message: 'Query depth limit of 75 exceeded.' }] },
    });
    expect(messages).toContainEqual({ type: 'start_ack', id: 'ok' });
  });
});

describe('GraphQL limits over HTTP', () => {
  it('answers a query deeper than 75 levels with a ValidationError and runs nothing', async () => {
    const deep = `query { listPosts { items {${' author { posts { items {'.repeat(25)} id ${'} } }'.repeat(25)} } } }`;
    const r = await post(backend.urls.data, { 'content-type': 'application/json', 'x-api-key': apiKey }, JSON.stringify({ query: deep }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      data: null,
      errors: [{ errorType: 'ValidationError', message: 'Query depth limit of 75 exceeded.' }],
    });
  });

  it('answers a body over 1 MiB with 413 PayloadTooLargeException in AppSync shape', async () => {
    const r = await post(
      backend.urls.data,
      { 'content-type': 'application/json', 'x-api-key': apiKey },
      JSON.stringify({ query: `{ ${'x'.repeat(1024 * 1024)} }` }),
    );
    expect(r.status).toBe(413);
    expect(r.headers.get('x-amzn-errortype')).toBe('PayloadTooLargeException');
    expect(JSON.parse(r.body)).toMatchObject({ errors: [{ errorType: 'PayloadTooLargeException' }] });
  });
});
