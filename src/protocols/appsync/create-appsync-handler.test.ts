import { describe, expect, it } from 'vitest';
import { FN_CREDS, fakeCredentials, fakeTokens, signLikeClient, signWithAmplifyCore } from '../../../test/support/appsync-fakes.js';
import { clockAt } from '../../../test/support/data-fakes.js';
import type { Caller, DataService, GraphQLRequest } from '../../data/types.js';
import type { HttpRequest } from '../../util/http.js';
import { createAppSyncHandler } from './create-appsync-handler.js';

const NOW = '2025-01-02T03:04:05.000Z';
const BODY = JSON.stringify({ query: '{ ping }', variables: {} });

function setup(authModes: ('apiKey' | 'userPool' | 'iam')[] = ['userPool', 'apiKey', 'iam'], seenRequests: GraphQLRequest[] = []) {
  const seen: Caller[] = [];
  const data: DataService = {
    sdl: '',
    async execute(req, caller) {
      seen.push(caller);
      seenRequests.push(req);
      return { data: { ping: 'pong' } };
    },
  };
  const handler = createAppSyncHandler({
    data,
    tokens: fakeTokens,
    credentials: fakeCredentials,
    apiKey: { value: 'da2-key', expiresAt: Date.parse('2025-02-01T00:00:00Z') },
    authModes,
    region: 'us-east-1',
    clock: clockAt(NOW),
  });
  return { handler, seen };
}

function post(headers: Record<string, string>, body = BODY, path = '/graphql'): HttpRequest {
  return { method: 'POST', path, query: '', headers: { 'content-type': 'application/json', ...headers }, body };
}

const errorBody = (status: number, errorType: string) => ({
  status,
  headers: expect.objectContaining({ 'x-amzn-ErrorType': errorType }),
  body: expect.stringContaining(`"errorType":"${errorType}"`),
});

describe('appsync handler: request shape', () => {
  const { handler } = setup();
  // a wrong key: the body's shape is checked before the credentials
  const key = { 'x-api-key': 'da2-wrong' };
  it.each([
    ['malformed JSON', post(key, '{"query":'), errorBody(400, 'MalformedHttpRequestException')],
    ['a JSON array', post(key, '[]'), errorBody(400, 'MalformedHttpRequestException')],
    ['missing query', post(key, '{"variables":{}}'), errorBody(400, 'MalformedHttpRequestException')],
    ['a numeric query', post(key, '{"query":42}'), errorBody(400, 'MalformedHttpRequestException')],
    ['variables as an array', post(key, '{"query":"{ping}","variables":[1]}'), errorBody(400, 'MalformedHttpRequestException')],
    ['an unknown path', post(key, BODY, '/nope'), errorBody(404, 'NotFoundException')],
    ['a GET', { ...post(key), method: 'GET' }, errorBody(404, 'NotFoundException')],
  ])('%s', async (_name, req, expected) => {
    expect(await handler(req)).toEqual(expected);
  });

  it("hands the data service the request's defined headers and source address (a custom operation's Lambda event reads them)", async () => {
    const requests: GraphQLRequest[] = [];
    const { handler: withContext } = setup(['apiKey'], requests);
    const req = post({ 'x-api-key': 'da2-key', 'x-app': '1' });
    await withContext({ ...req, headers: { ...req.headers, 'x-absent': undefined }, remoteAddress: '10.0.0.1' });
    expect({ ...requests[0]?.context }).toEqual({
      headers: { 'content-type': 'application/json', 'x-api-key': 'da2-key', 'x-app': '1' },
      sourceIp: '10.0.0.1',
    });
  });

  it('accepts null variables and answers 200 with the data', async () => {
    const res = await handler(post({ 'x-api-key': 'da2-key' }, '{"query":"{ping}","variables":null}'));
    expect(res).toMatchObject({ status: 200, body: '{"data":{"ping":"pong"}}' });
  });
});

describe('appsync handler: request auth', () => {
  it('API key: the right key passes; a wrong or expired one is 401 UnauthorizedException', async () => {
    const { handler, seen } = setup();
    expect((await handler(post({ 'x-api-key': 'da2-key' }))).status).toBe(200);
    expect(seen).toEqual([{ mode: 'apiKey' }]);
    expect(await handler(post({ 'x-api-key': 'da2-other' }))).toEqual(errorBody(401, 'UnauthorizedException'));
    const late = createAppSyncHandler({
      ...{ data: { sdl: '', execute: async () => ({ data: {} }) }, tokens: fakeTokens, credentials: fakeCredentials },
      // epoch seconds, AppSync's unit, is understood too
      apiKey: { value: 'da2-key', expiresAt: Date.parse(NOW) / 1000 - 1 },
      authModes: ['apiKey'],
      region: 'us-east-1',
      clock: clockAt(NOW),
    });
    expect(await late(post({ 'x-api-key': 'da2-key' }))).toEqual(errorBody(401, 'UnauthorizedException'));
  });

  it('JWT: a verified access token becomes a userPool caller; a bad one is 401', async () => {
    const { handler, seen } = setup();
    expect((await handler(post({ authorization: 'jwt-alice' }))).status).toBe(200);
    expect(seen[0]).toMatchObject({ mode: 'userPool', claims: { sub: 'alice-sub', username: 'alice' } });
    expect(await handler(post({ authorization: 'garbage' }))).toEqual(errorBody(401, 'UnauthorizedException'));
    expect(await handler(post({}))).toEqual(errorBody(401, 'UnauthorizedException'));
  });

  it('a mode the API does not enable is refused', async () => {
    const { handler } = setup(['userPool']);
    expect(await handler(post({ 'x-api-key': 'da2-key' }))).toEqual(errorBody(401, 'UnauthorizedException'));
  });

  it('SigV4: a request signed like the Amplify client resolves to its principal', async () => {
    const { handler, seen } = setup();
    const res = await handler(await signLikeClient(BODY, { date: new Date(NOW) }));
    expect(res.status).toBe(200);
    expect(seen[0]).toEqual({ mode: 'iam', principal: { kind: 'function', functionName: 'postConfirmation' } });
  });

  it("SigV4: the Amplify client's own signer is accepted", async () => {
    const { handler } = setup();
    const req = await signWithAmplifyCore(BODY, new Date(NOW));
    expect(req.headers['x-amz-content-sha256']).toBeUndefined();
    expect((await handler(req)).status).toBe(200);
  });

  it.each([
    ['a tampered body', async () => ({ ...(await signLikeClient(BODY, { date: new Date(NOW) })), body: BODY.replace('ping', 'pong') })],
    ['a stale date', () => signLikeClient(BODY, { date: new Date(Date.parse(NOW) - 6 * 60 * 1000) })],
    ['another region', () => signLikeClient(BODY, { date: new Date(NOW), region: 'eu-west-1' })],
    ['a wrong secret', () => signLikeClient(BODY, { date: new Date(NOW), creds: { ...FN_CREDS, secretAccessKey: 'guess' } })],
    ['an unknown key', () => signLikeClient(BODY, { date: new Date(NOW), creds: { ...FN_CREDS, accessKeyId: 'ASIAOTHER' } })],
    [
      'a changed signed header',
      async () => {
        const r = await signLikeClient(BODY, { date: new Date(NOW) });
        return { ...r, headers: { ...r.headers, 'x-amz-user-agent': 'evil' } };
      },
    ],
  ])('SigV4: %s is refused with 401', async (_name, make) => {
    const { handler, seen } = setup();
    expect(await handler(await make())).toEqual(errorBody(401, 'UnauthorizedException'));
    expect(seen).toEqual([]);
  });
});
