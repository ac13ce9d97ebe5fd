/** Cognito user pool JSON endpoint (`AWSCognitoIdentityProviderService.*`). */
import type { AuthService } from '../../auth/index.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import { createJsonTargetHandler } from './json-target-handler.js';
import { cognitoIdpOperations } from './registry.js';

export { AMZ_JSON, cognitoErrorResponse } from './errors.js';

export function createCognitoIdpHandler(auth: AuthService, options: { logger?: Logger } = {}): (req: HttpRequest) => Promise<HttpResponse> {
  return createJsonTargetHandler({
    service: 'AWSCognitoIdentityProviderService',
    operations: cognitoIdpOperations,
    auth,
    logger: options.logger ?? auth.logger,
  });
}
