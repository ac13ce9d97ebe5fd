import type { Admin } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';
import { providerUser } from './provider-user-param.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminLinkProviderForUser.html (IAM-signed) */
export async function adminLinkProviderForUserOperation(auth: Pick<Admin, 'adminLinkProviderForUser'>, body: JsonBody) {
  await auth.adminLinkProviderForUser({
    userPoolId: requiredString(body, 'UserPoolId'),
    destinationUser: providerUser(body, 'DestinationUser'),
    sourceUser: providerUser(body, 'SourceUser'),
  });
  return {};
}
