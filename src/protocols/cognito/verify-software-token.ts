import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html (AccessToken or Session) */
export async function verifySoftwareTokenOperation(auth: Pick<AuthService, 'verifySoftwareToken'>, body: JsonBody) {
  const accessToken = optionalString(body, 'AccessToken');
  const session = optionalString(body, 'Session');
  const r = await auth.verifySoftwareToken({
    userCode: requiredString(body, 'UserCode'),
    ...(accessToken ? { accessToken } : {}),
    ...(session ? { session } : {}),
  });
  return { Status: r.status, ...('session' in r && r.session ? { Session: r.session } : {}) };
}
