import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRemoveUserFromGroup.html (IAM-signed) */
export async function adminRemoveUserFromGroupOperation(auth: Pick<Admin, 'removeUserFromGroup'>, body: JsonBody) {
  await auth.removeUserFromGroup({ ...userRef(body), groupName: requiredString(body, 'GroupName') });
  return {};
}
