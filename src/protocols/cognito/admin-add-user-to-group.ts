import type { Admin } from './admin-wire.js';
import { userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminAddUserToGroup.html (IAM-signed) */
export async function adminAddUserToGroupOperation(auth: Pick<Admin, 'addUserToGroup'>, body: JsonBody) {
  await auth.addUserToGroup({ ...userRef(body), groupName: requiredString(body, 'GroupName') });
  return {};
}
