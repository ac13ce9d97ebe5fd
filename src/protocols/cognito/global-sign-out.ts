import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html */
export async function globalSignOutOperation(auth: Pick<AuthService, 'globalSignOut'>, body: JsonBody) {
  await auth.globalSignOut(requiredString(body, 'AccessToken'));
  return {};
}
