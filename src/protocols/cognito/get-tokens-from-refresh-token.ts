import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';
import { authenticationResult } from './wire.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html */
export async function getTokensFromRefreshTokenOperation(auth: Pick<AuthService, 'refresh'>, body: JsonBody) {
  const r = await auth.refresh({ clientId: requiredString(body, 'ClientId'), refreshToken: requiredString(body, 'RefreshToken') });
  return { AuthenticationResult: authenticationResult(r) };
}
