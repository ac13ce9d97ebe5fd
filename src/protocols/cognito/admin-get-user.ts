import { cognitoUsername } from '../../auth/index.js';
import type { Admin } from './admin-wire.js';
import { attributeListOf, userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html (IAM-signed) */
export async function adminGetUserOperation(auth: Pick<Admin, 'adminGetUser'>, body: JsonBody) {
  const u = await auth.adminGetUser(userRef(body));
  return {
    Username: cognitoUsername(u),
    UserAttributes: attributeListOf(u),
    UserCreateDate: u.createdAt / 1000,
    UserLastModifiedDate: u.updatedAt / 1000,
    Enabled: u.enabled,
    UserStatus: u.status,
  };
}
