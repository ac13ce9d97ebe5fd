/** Users and groups in the admin operations' wire shapes (UserType, GroupType); dates are epoch seconds. */
import { type AuthService, cognitoUsername, type GroupRecord, type UserRecord } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

const seconds = (ms: number) => ms / 1000;

export function attributeListOf(u: UserRecord, only?: string[]) {
  const names = only ?? Object.keys(u.attributes);
  return names.filter((n) => u.attributes[n] !== undefined).map((Name) => ({ Name, Value: u.attributes[Name] }));
}

/** ListUsers' UserType: Username, Attributes, dates, Enabled, UserStatus. */
export function userType(u: UserRecord, only?: string[]) {
  return {
    Username: cognitoUsername(u),
    Attributes: attributeListOf(u, only),
    UserCreateDate: seconds(u.createdAt),
    UserLastModifiedDate: seconds(u.updatedAt),
    Enabled: u.enabled,
    UserStatus: u.status,
  };
}

/** The request fields CreateGroup and UpdateGroup share. */
export function groupInput(body: JsonBody) {
  return {
    userPoolId: requiredString(body, 'UserPoolId'),
    groupName: requiredString(body, 'GroupName'),
    description: optionalString(body, 'Description'),
    precedence: optionalNumber(body, 'Precedence'),
    roleArn: optionalString(body, 'RoleArn'),
  };
}

export function groupType(g: GroupRecord, userPoolId: string) {
  return {
    GroupName: g.name,
    UserPoolId: userPoolId,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    ...(g.precedence !== undefined ? { Precedence: g.precedence } : {}),
    ...(g.roleArn !== undefined ? { RoleArn: g.roleArn } : {}),
    CreationDate: seconds(g.createdAt),
    LastModifiedDate: seconds(g.updatedAt),
  };
}

/** `{UserPoolId, Username}`, the pair every admin user operation starts with. */
export function userRef(body: JsonBody) {
  return { userPoolId: requiredString(body, 'UserPoolId'), username: requiredString(body, 'Username') };
}

export function optionalNumber(body: JsonBody, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number')
    throw new HearthError(
      'InvalidParameter',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be a number`,
    );
  return v;
}

export type Admin = AuthService;
