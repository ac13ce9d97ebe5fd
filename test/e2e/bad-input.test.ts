/**
 * Bad input on both endpoints gets a protocol-shaped 4xx, never a stack trace, and the server keeps
 * serving. Runs the real listener on port 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';

let app: ReturnType<typeof copyExample>;
let backend: RunningBackend;

beforeAll(async () => {
  app = copyExample('user-profile');
  backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
});

afterAll(async () => {
  await backend?.close();
  app?.remove();
});

const cognito = (target: string | undefined, body: string) =>
  fetch(backend.urls.cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });
const graphql = (body: string, headers: Record<string, string> = {}) =>
  fetch(backend.urls.data, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const SIGN_UP = 'AWSCognitoIdentityProviderService.SignUp';

const cognitoCases = [
  { what: 'malformed JSON', target: SIGN_UP, body: '{"ClientId": ', status: 400, type: 'SerializationException' },
  { what: 'a missing parameter', target: SIGN_UP, body: '{"Password":"Abcdef1!"}', status: 400, type: 'InvalidParameterException' },
  {
    what: 'a mistyped parameter',
    target: SIGN_UP,
    body: '{"ClientId":5,"Username":[],"Password":"x"}',
    status: 400,
    type: 'InvalidParameterException',
  },
  {
    what: 'an unknown operation',
    target: 'AWSCognitoIdentityProviderService.ListDevices',
    body: '{}',
    status: 400,
    type: 'UnknownOperationException',
  },
  { what: 'a 10 MB body', target: SIGN_UP, body: `{"a":"${TEN_MB}"}`, status: 413, type: undefined },
];

describe('bad input on the Cognito endpoint', () => {
  for (const c of cognitoCases) {
    it(`answers ${c.what} with a Cognito-shaped ${c.status}`, async () => {
      const res = await cognito(c.target, c.body);
      expect(res.status).toBe(c.status);
      const body = (await res.json()) as { __type: string; message: string };
      if (c.type) expect(body.__type).toBe(c.type);
      expect(res.headers.get('x-amzn-errortype')).toBe(body.__type);
      expect(body.message).toBeTruthy();
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
      if (c.what === 'an unknown operation') expect(body.message).toContain('ListDevices');
    });
  }
});

const graphqlCases = [
  { what: 'malformed JSON', body: '{"query": ', status: 400 },
  { what: 'a missing query', body: '{"variables":{}}', status: 400 },
  { what: 'a mistyped query', body: '{"query":42}', status: 400 },
  { what: 'mistyped variables', body: '{"query":"query { listUserProfiles { items { id } } }","variables":"x"}', status: 400 },
  { what: 'a 10 MB body', body: `{"query":"${TEN_MB}"}`, status: 413 },
];

describe('bad input on the GraphQL endpoint', () => {
  for (const c of graphqlCases) {
    it(`answers ${c.what} with an AppSync-shaped ${c.status}`, async () => {
      const res = await graphql(c.body, { 'x-api-key': 'da2-whatever' });
      expect(res.status).toBe(c.status);
      const body = (await res.json()) as { errors: { errorType: string; message: string }[] };
      expect(body.errors[0]?.errorType).toBeTruthy();
      expect(body.errors[0]?.errorType).not.toBe('BadRequestException'); // the client would retry it
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    });
  }

  it('answers an unknown field with a GraphQL validation error, not a crash', async () => {
    const outputs = await import(`${backend.ir().projectRoot}/amplify_outputs.json`, { with: { type: 'json' } });
    const res = await graphql(JSON.stringify({ query: '{ nope }' }), { 'x-api-key': outputs.default.data.api_key });
    const body = (await res.json()) as { errors: { errorType: string; message: string }[] };
    expect(body.errors[0]?.message).toMatch(/nope/);
  });

  it('refuses a request with no credentials', async () => {
    const res = await graphql(JSON.stringify({ query: '{ listUserProfiles { items { id } } }' }));
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: { errorType: string }[] };
    expect(body.errors[0]?.errorType).toBe('UnauthorizedException');
  });
});

it('answers a path nothing is served at with a 404 that says so', async () => {
  const res = await fetch(`${backend.urls.base}/nope`);
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ __type: 'NotFoundException', message: 'Nothing is served at GET /nope.' });
});

it('keeps serving after all of it', async () => {
  const res = await fetch(`${backend.urls.base}/_hearth/health`);
  expect(await res.json()).toEqual({ ok: true });
  const signUp = await cognito('AWSCognitoIdentityProviderService.GetUser', '{"AccessToken":"not-a-token"}');
  expect(((await signUp.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
});
