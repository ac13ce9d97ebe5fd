/** Cognito user pool JSON endpoint (`AWSCognitoIdentityProviderService.*`). */
import type { AuthService } from '../../auth/index.js';
import type { RateLimiter } from '../../auth/rate-limits.js';
import { toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import { isIamOperation } from './admin-registry.js';
import { authorizeIamOperation } from './admin-signature.js';
import { cognitoErrorResponse } from './errors.js';
import { createJsonTargetHandler } from './json-target-handler.js';
import { checkRateLimit } from './rate-limit-request.js';
import { cognitoIdpOperations } from './registry.js';

export { createConfirmUserLinkHandler } from './confirm-user-link.js';
export { AMZ_JSON, cognitoErrorResponse } from './errors.js';

/** `rateLimiter` outlives reloads (its buckets are the state); without one nothing is limited. */
export function createCognitoIdpHandler(
  auth: AuthService,
  options: { logger?: Logger; rateLimiter?: RateLimiter } = {},
): (req: HttpRequest) => Promise<HttpResponse> {
  const service = 'AWSCognitoIdentityProviderService';
  const handler = createJsonTargetHandler({ service, operations: cognitoIdpOperations, auth, logger: options.logger ?? auth.logger });
  return async (req) => {
    const target = req.headers['x-amz-target'] ?? '';
    const operation = target.startsWith(`${service}.`) ? target.slice(service.length + 1) : '';
    try {
      if (options.rateLimiter) checkRateLimit(options.rateLimiter, operation, req);
      if (isIamOperation(operation)) await authorizeIamOperation(auth, req, { operation, region: auth.region, clock: auth.clock });
    } catch (e) {
      return cognitoErrorResponse(toHearthError(e));
    }
    return handler(req);
  };
}
