import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html */
export async function revokeTokenOperation(auth: Pick<AuthService, 'revokeToken'>, body: JsonBody) {
  await auth.revokeToken({ clientId: requiredString(body, 'ClientId'), token: requiredString(body, 'Token') });
  return {};
}
