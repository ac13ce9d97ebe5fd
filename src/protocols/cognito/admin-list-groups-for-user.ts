import { paginate } from '../../auth/index.js';
import type { Admin } from './admin-wire.js';
import { groupType, optionalNumber, userRef } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListGroupsForUser.html (IAM-signed) */
export async function adminListGroupsForUserOperation(auth: Pick<Admin, 'listGroupsForUser' | 'userPoolId'>, body: JsonBody) {
  const groups = await auth.listGroupsForUser(userRef(body));
  const page = paginate(groups, (g) => g.name, optionalNumber(body, 'Limit') ?? 60, optionalString(body, 'NextToken'));
  return { Groups: page.items.map((g) => groupType(g, auth.userPoolId)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
