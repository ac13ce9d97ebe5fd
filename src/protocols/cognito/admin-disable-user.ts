import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html (IAM-signed) */
export async function adminDisableUserOperation(auth: Pick<Admin, 'adminSetEnabled'>, body: JsonBody) {
  await auth.adminSetEnabled(userRef(body), false);
  return {};
}
