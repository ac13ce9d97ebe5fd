import type { Admin } from './admin-wire.js';
import { groupType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetGroup.html (IAM-signed) */
export async function getGroupOperation(auth: Pick<Admin, 'getGroup' | 'userPoolId'>, body: JsonBody) {
  const g = await auth.getGroup({ userPoolId: requiredString(body, 'UserPoolId'), groupName: requiredString(body, 'GroupName') });
  return { Group: groupType(g, auth.userPoolId) };
}
