import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { stringMap } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminConfirmSignUp.html (IAM-signed) */
export async function adminConfirmSignUpOperation(auth: Pick<Admin, 'adminConfirmSignUp'>, body: JsonBody) {
  await auth.adminConfirmSignUp({ ...userRef(body), clientMetadata: stringMap(body, 'ClientMetadata') });
  return {};
}
