import { paginate } from '../../auth/index.js';
import type { Admin } from './admin-wire.js';
import { optionalNumber, userType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsersInGroup.html (IAM-signed) */
export async function listUsersInGroupOperation(auth: Pick<Admin, 'listUsersInGroup'>, body: JsonBody) {
  const users = await auth.listUsersInGroup({
    userPoolId: requiredString(body, 'UserPoolId'),
    groupName: requiredString(body, 'GroupName'),
  });
  const page = paginate(users, (u) => u.sub, optionalNumber(body, 'Limit') ?? 60, optionalString(body, 'NextToken'));
  return { Users: page.items.map((u) => userType(u)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
