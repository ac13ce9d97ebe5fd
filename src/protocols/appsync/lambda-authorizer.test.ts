import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCredentials, fakeTokens } from '../../../test/support/appsync-fakes.js';
import { clockAt } from '../../../test/support/data-fakes.js';
import { captureLogger, fakeCredentialIssuer, handlerFunction, tempProject } from '../../../test/support/function-fakes.js';
import type { Caller, DataService, LambdaCaller } from '../../data/types.js';
import { createFunctionService, type FunctionService } from '../../functions/function-service.js';
import type { DataAuthMode } from '../../ir/types.js';
import type { HttpRequest } from '../../util/http.js';
import { createAppSyncHandler } from './create-appsync-handler.js';
import { lambdaAuthorizerFor } from './lambda-authorizer.js';

// A real authorizer function: allows tokens starting with "let-me-in", reports what it was given,
// counts its invocations (module state survives in the warm worker) and honours ttlOverride.
const AUTHORIZER = `
let calls = 0;
export const handler = async (event) => {
  calls += 1;
  const ok = event.authorizationToken.startsWith('let-me-in');
  return {
    isAuthorized: ok,
    resolverContext: { calls: String(calls), apiId: event.requestContext.apiId, query: event.requestContext.queryString,
      op: String(event.requestContext.operationName), vars: JSON.stringify(event.requestContext.variables),
      hasRequestId: String(typeof event.requestContext.requestId === 'string') },
    deniedFields: ok ? ['Todo.secret'] : [],
    ...(event.authorizationToken.endsWith('-no-cache') ? { ttlOverride: 0 } : {}),
  };
};`;

const BODY = JSON.stringify({ query: 'query Q { ping }', variables: { a: 1 }, operationName: 'Q' });
const post = (authorization: string): HttpRequest => ({
  method: 'POST',
  path: '/graphql',
  query: '',
  headers: { 'content-type': 'application/json', authorization },
  body: BODY,
});

describe('Lambda authorizer (AWS_LAMBDA mode) with a real function', () => {
  let functions: FunctionService;
  const clock = clockAt('2025-01-02T03:04:05.000Z');

  beforeAll(async () => {
    const root = await tempProject();
    const fn = await handlerFunction(root, 'gatekeeper', AUTHORIZER);
    functions = createFunctionService({
      ir: { projectRoot: root, region: 'us-east-1', functions: [fn], addedOutputs: [] },
      credentials: fakeCredentialIssuer(),
      region: 'us-east-1',
      logger: captureLogger(),
      dataUrl: 'http://127.0.0.1:1/graphql',
    });
  });
  afterAll(() => functions?.close());

  function setup(authModes: DataAuthMode[] = ['userPool', 'iam', 'lambda']) {
    const seen: Caller[] = [];
    const data: DataService = {
      sdl: '',
      async execute(_req, caller) {
        seen.push(caller);
        return { data: { ping: 'pong' } };
      },
    };
    const lambda = lambdaAuthorizerFor(
      { name: 'amplifyData', lambdaAuthorizer: { functionName: 'gatekeeper', ttlSeconds: 60 } },
      { functions, clock },
    );
    const handler = createAppSyncHandler({
      data,
      tokens: fakeTokens,
      credentials: fakeCredentials,
      authModes,
      region: 'us-east-1',
      clock,
      lambda,
    });
    return { handler, seen };
  }

  it('passes the token and request to the function; its answer becomes the caller', async () => {
    const { handler, seen } = setup();
    expect((await handler(post('let-me-in-1'))).status).toBe(200);
    expect(seen[0]).toEqual({
      mode: 'lambda',
      resolverContext: {
        calls: expect.any(String),
        apiId: 'amplifyData',
        query: 'query Q { ping }',
        op: 'Q',
        vars: '{"a":1}',
        hasRequestId: 'true',
      },
      deniedFields: ['Todo.secret'],
    });
  });

  it('isAuthorized: false is HTTP 401 UnauthorizedException and nothing runs', async () => {
    const { handler, seen } = setup();
    const res = await handler(post('nope'));
    expect(res).toMatchObject({ status: 401, headers: expect.objectContaining({ 'x-amzn-ErrorType': 'UnauthorizedException' }) });
    expect(seen).toEqual([]);
  });

  it('caches the answer per token for the TTL; ttlOverride 0 disables it', async () => {
    const { handler, seen } = setup();
    const calls = () => (seen.at(-1) as LambdaCaller).resolverContext.calls;
    await handler(post('let-me-in-cached'));
    const first = calls();
    await handler(post('let-me-in-cached'));
    expect(calls()).toBe(first);
    clock.set('2025-01-02T03:05:06.000Z'); // 61 s later: expired
    await handler(post('let-me-in-cached'));
    expect(Number(calls())).toBeGreaterThan(Number(first));
    await handler(post('let-me-in-no-cache'));
    const uncached = calls();
    await handler(post('let-me-in-no-cache'));
    expect(Number(calls())).toBeGreaterThan(Number(uncached));
  });

  it('a JWT-shaped token goes to the user pool when the API has one, to the function otherwise', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const withPool = setup(['userPool', 'iam', 'lambda']);
    // the fake verifier knows no such token: the user pool refused it, the function never saw it
    expect((await withPool.handler(post(jwt))).status).toBe(401);
    expect(withPool.seen).toEqual([]);
    const lambdaOnly = setup(['lambda', 'iam']);
    expect((await lambdaOnly.handler(post('let-me-in.eyJzdWIiOiJ4In0.c2ln'))).status).toBe(200);
    expect(lambdaOnly.seen[0]).toMatchObject({ mode: 'lambda' });
  });

  it('without a lambda mode the token is read as a user-pool token', async () => {
    const { handler, seen } = setup(['userPool', 'iam']);
    expect((await handler(post('jwt-alice'))).status).toBe(200);
    expect(seen[0]).toMatchObject({ mode: 'userPool' });
  });
});
