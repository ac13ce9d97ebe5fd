/** USER_PASSWORD_AUTH: the password travels in the request and is checked against the scrypt hash. */
import type { UserRecord } from '../storage/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { verifyPassword } from './password-hash.js';
import type { AuthResult } from './service-types.js';
import { startSession } from './sessions.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'mint'>;

/** Cognito's single answer for unknown user and wrong password (user existence errors prevented). */
export const incorrectCredentials = () => new HearthError('NotAuthorized', 'Incorrect username or password.');

/** Checks done once the password is proven, so they reveal nothing to someone without it. */
export function assertCanSignIn(user: UserRecord): void {
  if (!user.enabled) throw new HearthError('NotAuthorized', 'User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new HearthError('UserNotConfirmed', 'User is not confirmed.');
}

// a well-formed hash nobody's password matches: unknown users cost the same scrypt as known ones
const DECOY_HASH = `scrypt$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

export async function signInWithPassword(d: Deps, i: { clientId: string; username: string; password: string }): Promise<AuthResult> {
  assertClient(d.ir, i.clientId);
  const user = await findUser(d.users, i.username);
  const matches = await verifyPassword(i.password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !matches) throw incorrectCredentials();
  assertCanSignIn(user);
  return startSession(d, user, i.clientId);
}
