import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html (IAM-signed) */
export async function adminUserGlobalSignOutOperation(auth: Pick<Admin, 'adminUserGlobalSignOut'>, body: JsonBody) {
  await auth.adminUserGlobalSignOut(userRef(body));
  return {};
}
