import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html */
export async function getUserOperation(auth: Pick<AuthService, 'getUser'>, body: JsonBody) {
  const u = await auth.getUser(requiredString(body, 'AccessToken'));
  return {
    Username: u.username,
    UserAttributes: u.attributes.map((a) => ({ Name: a.name, Value: a.value })),
    ...(u.mfaEnabled.length > 0 ? { UserMFASettingList: u.mfaEnabled } : {}),
    ...(u.preferredMfa ? { PreferredMfaSetting: u.preferredMfa } : {}),
  };
}
