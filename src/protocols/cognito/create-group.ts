import type { Admin } from './admin-wire.js';
import { groupInput, groupType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html (IAM-signed) */
export async function createGroupOperation(auth: Pick<Admin, 'createGroup' | 'userPoolId'>, body: JsonBody) {
  const g = await auth.createGroup(groupInput(body));

  return { Group: groupType(g, auth.userPoolId) };
}
