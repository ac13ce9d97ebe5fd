/**
 * ListUsers' Filter: `attribute = "value"` (exact) or `attribute ^= "prefix"`, on the attributes
 * Cognito allows (username, email, phone_number, name, given_name, family_name,
 * preferred_username, cognito:user_status, status, sub).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html#CognitoUserPools-ListUsers-request-Filter
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { cognitoUsername } from './federation/cognito-username.js';

const SEARCHABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

const FILTER = /^\s*"?([a-z_:]+)"?\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export type UserPredicate = (u: UserRecord) => boolean;

function attributeValue(u: UserRecord, attr: string): string | undefined {
  if (attr === 'username') return cognitoUsername(u);
  if (attr === 'cognito:user_status') return u.status;
  // `status` is Enabled / Disabled in Cognito's filter
  if (attr === 'status') return u.enabled ? 'Enabled' : 'Disabled';
  return u.attributes[attr];
}

export function parseUserFilter(filter: string | undefined): UserPredicate {
  if (!filter || filter.trim() === '') return () => true;
  const m = FILTER.exec(filter);
  if (!m) throw new HearthError('InvalidParameter', 'Error while parsing filter.');
  const [, attr = '', op, raw = ''] = m;
  if (!SEARCHABLE.has(attr)) throw new HearthError('InvalidParameter', `Invalid search attribute: ${attr}`);
  const wanted = raw.replace(/\\(.)/g, '$1');
  // Cognito matches email case-insensitively (it is stored lower-cased)
  const norm = (s: string) => (attr === 'email' ? s.toLowerCase() : s);
  return (u) => {
    const v = attributeValue(u, attr);
    if (v === undefined) return false;
    return op === '=' ? norm(v) === norm(wanted) : norm(v).startsWith(norm(wanted));
  };
}
