import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUser.html */
export async function deleteUserOperation(auth: Pick<AuthService, 'deleteUser'>, body: JsonBody) {
  await auth.deleteUser(requiredString(body, 'AccessToken'));
  return {};
}
