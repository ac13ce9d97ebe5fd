import type { Admin } from './admin-wire.js';
import { groupType, optionalNumber } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateGroup.html (IAM-signed) */
export async function updateGroupOperation(auth: Pick<Admin, 'updateGroup' | 'userPoolId'>, body: JsonBody) {
  const g = await auth.updateGroup({
    userPoolId: requiredString(body, 'UserPoolId'),
    groupName: requiredString(body, 'GroupName'),
    description: optionalString(body, 'Description'),
    precedence: optionalNumber(body, 'Precedence'),
    roleArn: optionalString(body, 'RoleArn'),
  });
  return { Group: groupType(g, auth.userPoolId) };
}
