import { paginate } from '../../auth/index.js';
import type { Admin } from './admin-wire.js';
import { groupType, optionalNumber } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html (IAM-signed) */
export async function listGroupsOperation(auth: Pick<Admin, 'listGroups' | 'userPoolId'>, body: JsonBody) {
  const groups = await auth.listGroups({ userPoolId: requiredString(body, 'UserPoolId') });
  const page = paginate(groups, (g) => g.name, optionalNumber(body, 'Limit') ?? 60, optionalString(body, 'NextToken'));
  return { Groups: page.items.map((g) => groupType(g, auth.userPoolId)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
