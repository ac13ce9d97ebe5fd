import type { CredentialIssuer, IamPrincipal } from '../../auth/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError, isHearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { verifySigV4 as verifySignature } from '../sigv4/verify-sigv4.js';

export interface SigV4Deps {
  credentials: CredentialIssuer;
  region: string;
  clock: Clock;
}

/**
 * Verifies an AWS SigV4 request signed for service `appsync` (reference §E.2) with the temporary
 * credentials the identity pool or a function's env hands out: the session token is required and
 * the credential issuer derives the secret from it. Every refusal is AppSync's 401.
 */
export async function verifySigV4(req: HttpRequest, deps: SigV4Deps): Promise<IamPrincipal> {
  try {
    return await verifySignature(req, {
      service: 'appsync',
      region: deps.region,
      clock: deps.clock,
      resolve: (accessKeyId, sessionToken) => (sessionToken ? deps.credentials.resolve(accessKeyId, sessionToken) : undefined),
    });
  } catch (e) {
    if (isHearthError(e) && (e.code === 'UnrecognizedClient' || e.code === 'InvalidSignature')) {
      throw new HearthError('NotAuthorized', e.message);
    }
    throw e;
  }
}
