/** ListUsers with Filter, Limit (1–60, default 60) and an opaque PaginationToken. */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertUserPool } from './admin-caller.js';
import type { AuthContext } from './context.js';
import { parseUserFilter } from './list-users-filter.js';

export interface ListUsersInput {
  userPoolId: string;
  filter?: string;
  limit?: number;
  paginationToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Pages any list by position after the last item's key (stable under inserts at the end). */
export function paginate<T>(items: T[], key: (t: T) => string, limit: number, token?: string): Page<T> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 60) throw new HearthError('InvalidParameter', 'Limit must be between 1 and 60.');
  let start = 0;
  if (token) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    const i = items.findIndex((t) => key(t) === after);
    if (i < 0) throw new HearthError('InvalidParameter', 'Invalid pagination token.');
    start = i + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < items.length && last !== undefined;
  return { items: page, ...(more ? { nextToken: Buffer.from(key(last)).toString('base64url') } : {}) };
}

export async function listUsers(d: Pick<AuthContext, 'ir' | 'users'>, i: ListUsersInput): Promise<Page<UserRecord>> {
  assertUserPool(d, i.userPoolId);
  const match = parseUserFilter(i.filter);
  const users = (await d.users.allUsers()).filter(match);
  return paginate(users, (u) => u.sub, i.limit ?? 60, i.paginationToken);
}
