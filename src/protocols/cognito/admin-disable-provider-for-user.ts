import type { Admin } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';
import { providerUser } from './provider-user-param.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableProviderForUser.html (IAM-signed) */
export async function adminDisableProviderForUserOperation(auth: Pick<Admin, 'adminDisableProviderForUser'>, body: JsonBody) {
  await auth.adminDisableProviderForUser({ userPoolId: requiredString(body, 'UserPoolId'), user: providerUser(body, 'User') });
  return {};
}
