/** Cognito identity pool JSON endpoint (`AWSCognitoIdentityService.*`), same envelope and errors as the user pool. */
import type { AuthService } from '../../auth/index.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import { createJsonTargetHandler, type Operation } from '../cognito/json-target-handler.js';
import { getCredentialsForIdentityOperation } from './get-credentials-for-identity.js';
import { getIdOperation } from './get-id.js';

export const identityPoolOperations: Record<string, Operation<AuthService>> = {
  GetId: getIdOperation,
  GetCredentialsForIdentity: getCredentialsForIdentityOperation,
};

export function createIdentityPoolHandler(
  auth: AuthService,
  options: { logger?: Logger } = {},
): (req: HttpRequest) => Promise<HttpResponse> {
  return createJsonTargetHandler({
    service: 'AWSCognitoIdentityService',
    operations: identityPoolOperations,
    auth,
    logger: options.logger ?? auth.logger,
  });
}
