import { HearthError } from '../../util/errors.js';
import type { Admin } from './admin-wire.js';
import { optionalNumber, userType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html (IAM-signed) */
export async function listUsersOperation(auth: Pick<Admin, 'listUsers'>, body: JsonBody) {
  const only = body.AttributesToGet;
  if (only !== undefined && (!Array.isArray(only) || only.some((a) => typeof a !== 'string'))) {
    throw new HearthError('InvalidParameter', 'AttributesToGet must be a list of attribute names.');
  }
  const page = await auth.listUsers({
    userPoolId: requiredString(body, 'UserPoolId'),
    filter: optionalString(body, 'Filter'),
    limit: optionalNumber(body, 'Limit'),
    paginationToken: optionalString(body, 'PaginationToken'),
  });
  const users = page.items.map((u) => userType(u, only as string[] | undefined));
  return { Users: users, ...(page.nextToken ? { PaginationToken: page.nextToken } : {}) };
}
