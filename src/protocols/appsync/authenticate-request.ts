import type { CredentialIssuer, TokenVerifier } from '../../auth/types.js';
import type { Caller, GraphQLRequest } from '../../data/types.js';
import type { DataAuthMode } from '../../ir/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError, isHearthError } from '../../util/errors.js';
import { type HttpRequest, parseJsonObject } from '../../util/http.js';
import { type ApiKeyConfig, checkApiKey } from './api-key-auth.js';
import type { LambdaAuthorizer } from './lambda-authorizer.js';
import type { OidcAuth } from './oidc-auth.js';
import { verifySigV4 } from './sigv4-auth.js';

export interface RequestAuthDeps {
  tokens: TokenVerifier;
  credentials: CredentialIssuer;
  apiKey?: ApiKeyConfig;
  authModes: DataAuthMode[];
  region: string;
  clock: Clock;
  /** present when the API has a lambdaAuthorizationMode */
  lambda?: LambdaAuthorizer;
  /** present when the API has an oidcAuthorizationMode */
  oidc?: OidcAuth;
}

const noAuth = () => new HearthError('NotAuthorized', 'Valid authorization header not provided.');
// a JWT: three base64url segments (the signature may be empty only for unsigned tokens, never accepted)
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Who is calling, from the headers the Amplify client sends per auth mode (reference §E.2):
 * `x-api-key`; `authorization: AWS4-HMAC-SHA256 …` (IAM); `authorization: <access token>`
 * (userPool); `authorization: <anything>` (lambda). A mode the API does not enable is refused like
 * a missing header.
 * userPool, oidc and lambda share the header: as in AppSync, a token shaped like a JWT goes to the
 * user pool or the OpenID Provider when the API has one (AppSync does not pass OIDC/user-pool JWTs
 * to the Lambda authorizer when those modes are enabled); any other token goes to the Lambda
 * authorizer. A JWT whose `iss` is the OIDC issuer is the OIDC mode's; any other, the user pool's.
 */
export async function authenticateRequest(req: HttpRequest, deps: RequestAuthDeps): Promise<Caller> {
  const enabled = (m: DataAuthMode) => deps.authModes.includes(m);
  const apiKey = req.headers['x-api-key'];
  const authorization = req.headers.authorization?.trim();
  if (apiKey !== undefined) {
    if (!enabled('apiKey')) throw noAuth();
    checkApiKey(apiKey, deps.apiKey, deps.clock);
    return { mode: 'apiKey' };
  }
  if (!authorization) throw noAuth();
  if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    if (!enabled('iam')) throw noAuth();
    return { mode: 'iam', principal: await verifySigV4(req, deps) };
  }
  const lambda = enabled('lambda') ? deps.lambda : undefined;
  const oidc = enabled('oidc') ? deps.oidc : undefined;
  const isJwt = JWT_SHAPE.test(authorization);
  if (lambda && !((enabled('userPool') || oidc) && isJwt)) {
    return lambda.authorize(authorization, graphQLRequestOf(req.body), definedHeaders(req.headers));
  }
  if (oidc && isJwt && (!enabled('userPool') || issuerOf(authorization) === oidc.issuer)) {
    return { mode: 'oidc', claims: await oidc.verify(authorization) };
  }
  if (!enabled('userPool')) throw noAuth();
  try {
    return { mode: 'userPool', claims: await deps.tokens.verifyAccessToken(authorization) };
  } catch (e) {
    // the verifier's message ("Token has expired.") is public; anything else is not
    throw isHearthError(e) && e.code === 'NotAuthorized' ? e : noAuth();
  }
}

/** The unverified `iss` of a JWT: only picks which verifier checks it. */
function issuerOf(jwt: string): unknown {
  try {
    return (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown }).iss;
  } catch {
    return undefined;
  }
}

/** The query and variables for the authorizer's requestContext (a realtime connect has none). */
function graphQLRequestOf(body: string): GraphQLRequest {
  const o = parseJsonObject(body);
  const query = typeof o?.query === 'string' ? o.query : '';
  const variables = o?.variables && typeof o.variables === 'object' ? (o.variables as Record<string, unknown>) : {};
  return { query, variables, ...(typeof o?.operationName === 'string' ? { operationName: o.operationName } : {}) };
}

/** The headers that have a value (a Lambda event's, a custom operation's); a plain loop, as it runs on every request. */
export function definedHeaders(h: HttpRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in h) {
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
