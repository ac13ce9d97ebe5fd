import type { Admin } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteGroup.html (IAM-signed) */
export async function deleteGroupOperation(auth: Pick<Admin, 'deleteGroup'>, body: JsonBody) {
  await auth.deleteGroup({ userPoolId: requiredString(body, 'UserPoolId'), groupName: requiredString(body, 'GroupName') });
  return {};
}
