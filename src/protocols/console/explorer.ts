/**
 * `POST api/graphql`: the API explorer. Runs a GraphQL request through the data service as the
 * chosen identity: the API key, a user of the pool (their claims, as their access token carries
 * them), IAM as a guest or signed-in identity, or IAM as one of the backend's functions. A mode
 * the API does not enable is refused as AppSync refuses a missing header, so a developer sees
 * exactly what each rule allows. The answer is AppSync's body, errors included.
 */
import type { AccessClaims, AuthService } from '../../auth/index.js';
import type { Caller, DataService } from '../../data/index.js';
import type { BackendIR, DataAuthMode } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { json } from '../../util/http.js';
import { appSyncErrorResponse } from '../appsync/index.js';
import { createQueryLimiter, type QueryLimiter } from '../appsync/query-limits.js';
import type { ConsoleRoute, RouteInput } from './console-router.js';

export interface ExplorerDeps {
  data?: DataService;
  ir: BackendIR;
  auth?: Pick<AuthService, 'userPoolId' | 'adminGetUser'>;
  /** the identity pool identity of a user, if one was made (GetId) */
  identityOf?: (sub: string) => Promise<string | undefined>;
  clock: { now(): number };
}

export function explorerRoutes(d: ExplorerDeps): ConsoleRoute[] {
  // the depth and resolver limits the GraphQL endpoint applies, so a query behaves here as there
  const limiter = createQueryLimiter();
  return [{ method: 'POST', path: 'graphql', handle: (i) => runAs(d, limiter, i) }];
}

async function runAs(d: ExplorerDeps, limiter: QueryLimiter, i: RouteInput) {
  if (!d.data || !d.ir.data) throw new HearthError('NotFound', 'This backend defines no data (defineData in amplify/data/resource.ts).');
  const { query, variables, operationName } = i.body;
  if (typeof query !== 'string') throw Object.assign(new HearthError('ValidationError', 'query must be a string.'), { field: 'query' });
  const auth = (i.body.auth ?? { mode: d.ir.data.defaultAuthMode }) as Record<string, unknown>;
  const mode = modeOf(auth);
  if (!d.ir.data.authModes.includes(mode))
    return appSyncErrorResponse(new HearthError('NotAuthorized', 'Valid authorization header not provided.'));
  const caller = await callerFor(d, auth);
  const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
  try {
    limiter.check(query, vars);
  } catch (e) {
    if (e instanceof HearthError && e.code === 'ValidationError')
      return json(200, { data: null, errors: [{ errorType: 'ValidationError', message: e.message }] });
    throw e;
  }
  const r = await d.data.execute(
    { query, variables: vars, operationName: typeof operationName === 'string' ? operationName : undefined },
    caller,
  );
  return json(200, r);
}

function modeOf(auth: Record<string, unknown>): DataAuthMode {
  if (auth.mode === 'apiKey' || auth.mode === 'userPool' || auth.mode === 'iam') return auth.mode;
  throw Object.assign(new HearthError('ValidationError', "auth.mode must be 'apiKey', 'userPool' or 'iam'."), { field: 'auth.mode' });
}

async function callerFor(d: ExplorerDeps, auth: Record<string, unknown>): Promise<Caller> {
  if (auth.mode === 'apiKey') return { mode: 'apiKey' };
  if (auth.mode === 'userPool') return { mode: 'userPool', claims: await claimsOf(d, auth.username) };
  if (typeof auth.function === 'string') {
    if (!d.ir.functions.some((f) => f.name === auth.function)) throw new HearthError('NotFound', `No function named ${auth.function}.`);
    return { mode: 'iam', principal: { kind: 'function', functionName: auth.function } };
  }
  if (auth.as === 'guest')
    return { mode: 'iam', principal: { kind: 'identity', identityId: `${d.ir.region}:console-guest`, authenticated: false } };
  if (auth.as === 'authenticated') {
    const claims = await claimsOf(d, auth.username);
    const identityId = (await d.identityOf?.(claims.sub)) ?? `${d.ir.region}:console-${claims.sub}`;
    return { mode: 'iam', principal: { kind: 'identity', identityId, authenticated: true, sub: claims.sub, groups: claims.groups } };
  }
  throw Object.assign(new HearthError('ValidationError', "IAM needs auth.as ('guest' | 'authenticated') or auth.function."), {
    field: 'auth',
  });
}

/** The claims a user's access token carries (before any preTokenGeneration change). */
async function claimsOf(d: ExplorerDeps, username: unknown): Promise<AccessClaims> {
  if (!d.auth || !d.ir.auth) throw new HearthError('NotFound', 'This backend defines no auth.');
  if (typeof username !== 'string' || !username)
    throw Object.assign(new HearthError('ValidationError', 'Choose a user (auth.username).'), { field: 'auth.username' });
  const user = await d.auth.adminGetUser({ userPoolId: d.auth.userPoolId, username });
  // such a user holds no valid token: the API would refuse them before any rule
  if (!user.enabled || user.status !== 'CONFIRMED')
    throw new HearthError('NotAuthorized', `User ${username} is disabled or not confirmed: they hold no token.`);
  const now = Math.floor(d.clock.now() / 1000);
  const groups = user.groups ?? [];
  const raw = {
    sub: user.sub,
    username: user.sub,
    'cognito:groups': groups,
    client_id: d.ir.auth.userPoolClientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now,
    iat: now,
    exp: now + 3600,
  };
  return {
    sub: user.sub,
    username: user.sub,
    groups,
    clientId: d.ir.auth.userPoolClientId,
    exp: now + 3600,
    iat: now,
    jti: 'console',
    raw,
  };
}
