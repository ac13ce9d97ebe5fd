import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html (AccessToken or Session) */
export async function associateSoftwareTokenOperation(auth: Pick<AuthService, 'associateSoftwareToken'>, body: JsonBody) {
  const accessToken = optionalString(body, 'AccessToken');
  const session = optionalString(body, 'Session');
  const r = await auth.associateSoftwareToken({ ...(accessToken ? { accessToken } : {}), ...(session ? { session } : {}) });
  return { SecretCode: r.secretCode, ...(r.session ? { Session: r.session } : {}) };
}
