import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { attributeList } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html (IAM-signed) */
export async function adminUpdateUserAttributesOperation(auth: Pick<Admin, 'adminUpdateUserAttributes'>, body: JsonBody) {
  await auth.adminUpdateUserAttributes({ ...userRef(body), attributes: attributeList(body, 'UserAttributes') });
  return {};
}
