import type { NewUserWrites, UserRecord, UserStatus, UserStore } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { computeSrpVerifier } from './srp.js';

export interface NewUser {
  poolName: string;
  sub: string;
  email: string;
  password: string;
  status: UserStatus;
  attributes: Record<string, string>;
  now: number;
}

/**
 * A new user row. The password is kept only as the SRP verifier (sealed at rest by the store), which
 * also checks a password sent in clear (password-check.ts); no scrypt hash is written any more.
 */
export function buildUser(n: NewUser): UserRecord {
  const { salt, verifier } = computeSrpVerifier({ poolName: n.poolName, userId: n.sub, password: n.password });
  return {
    sub: n.sub,
    username: n.email,
    status: n.status,
    enabled: true,
    attributes: n.attributes,
    srpSalt: salt,
    srpVerifier: verifier,
    passwordHash: '',
    tokensValidAfter: 0,
    createdAt: n.now,
    updatedAt: n.now,
  };
}

/** The password fields for a new password of an existing user: a fresh verifier, and no legacy scrypt hash left. */
export function passwordFields(
  poolName: string,
  sub: string,
  password: string,
): Pick<UserRecord, 'srpSalt' | 'srpVerifier' | 'passwordHash'> {
  const { salt, verifier } = computeSrpVerifier({ poolName, userId: sub, password });
  return { srpSalt: salt, srpVerifier: verifier, passwordHash: '' };
}

export function assertRequiredAttributes(required: string[], attrs: Record<string, string>): void {
  const missing = required.filter((a) => !attrs[a]);
  if (missing.length > 0) {
    const list = missing.map((a) => `${a}: The attribute ${a} is required`).join(', ');
    throw new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${list}`);
  }
}

/** Inserts the user (with `with_`'s rows); a concurrent insert of the same email loses with UsernameExists. */
export async function insertUser(
  users: Pick<UserStore, 'create' | 'byUsername'>,
  user: UserRecord,
  exists: () => HearthError,
  with_?: NewUserWrites,
): Promise<void> {
  try {
    await users.create(user, with_);
  } catch (e) {
    if (await users.byUsername(user.username)) throw exists();
    throw e;
  }
}
