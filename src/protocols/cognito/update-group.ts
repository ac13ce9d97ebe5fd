import type { Admin } from './admin-wire.js';
import { groupInput, groupType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateGroup.html (IAM-signed) */
export async function updateGroupOperation(auth: Pick<Admin, 'updateGroup' | 'userPoolId'>, body: JsonBody) {
  const g = await auth.updateGroup(groupInput(body));

  return { Group: groupType(g, auth.userPoolId) };
}
