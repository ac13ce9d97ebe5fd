import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUser.html (IAM-signed) */
export async function adminDeleteUserOperation(auth: Pick<Admin, 'adminDeleteUser'>, body: JsonBody) {
  await auth.adminDeleteUser(userRef(body));
  return {};
}
