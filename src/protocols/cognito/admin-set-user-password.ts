import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html (IAM-signed) */
export async function adminSetUserPasswordOperation(auth: Pick<Admin, 'adminSetUserPassword'>, body: JsonBody) {
  await auth.adminSetUserPassword({ ...userRef(body), password: requiredString(body, 'Password'), permanent: body.Permanent === true });
  return {};
}
