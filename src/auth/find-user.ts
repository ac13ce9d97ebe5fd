import type { UserRecord, UserStore } from '../db/ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a user by what a client may send as USERNAME: the email (any case), or the sub, which is
 * the Cognito user name in Gen 2 email pools and what the client sends after the SRP step.
 */
export async function findUser(users: Pick<UserStore, 'byUsername' | 'bySub'>, login: string): Promise<UserRecord | undefined> {
  const byName = await users.byUsername(login.toLowerCase());
  if (byName) return byName;
  return UUID.test(login) ? users.bySub(login.toLowerCase()) : undefined;
}
