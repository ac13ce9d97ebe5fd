import type { CredentialIssuer, TokenVerifier } from '../../auth/types.js';
import type { Caller } from '../../data/types.js';
import type { DataAuthMode } from '../../ir/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError, isHearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { type ApiKeyConfig, checkApiKey } from './api-key-auth.js';
import { verifySigV4 } from './sigv4-auth.js';

export interface RequestAuthDeps {
  tokens: TokenVerifier;
  credentials: CredentialIssuer;
  apiKey?: ApiKeyConfig;
  authModes: DataAuthMode[];
  region: string;
  clock: Clock;
}

const noAuth = () => new HearthError('NotAuthorized', 'Valid authorization header not provided.');

/**
 * Who is calling, from the headers the Amplify client sends per auth mode (reference §E.2):
 * `x-api-key`; `authorization: AWS4-HMAC-SHA256 …` (IAM); `authorization: <access token>` (userPool).
 * A mode the API does not enable is refused like a missing header.
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
  if (!enabled('userPool')) throw noAuth();
  try {
    return { mode: 'userPool', claims: await deps.tokens.verifyAccessToken(authorization) };
  } catch (e) {
    // the verifier's message ("Token has expired.") is public; anything else is not
    throw isHearthError(e) && e.code === 'NotAuthorized' ? e : noAuth();
  }
}
