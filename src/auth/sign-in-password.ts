/** USER_PASSWORD_AUTH: the password travels in the request and is checked against the scrypt hash. */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { type FinishDeps, finishSignIn } from './finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccess } from './lockout.js';
import { verifyPassword } from './password-hash.js';
import type { SignInResult } from './service-types.js';
import { type SignInTriggerDeps, userForSignIn } from './sign-in-triggers.js';

type Deps = FinishDeps & SignInTriggerDeps & Pick<AuthContext, 'ir'>;

/** Cognito's single answer for unknown user and wrong password (user existence errors prevented). */
export const incorrectCredentials = () => new HearthError('NotAuthorized', 'Incorrect username or password.');

/** Checks done once the password is proven, so they reveal nothing to someone without it. */
export function assertCanSignIn(user: UserRecord): void {
  if (!user.enabled) throw new HearthError('NotAuthorized', 'User is disabled.');
  // a federated user signs in only through its identity provider (auth/federation)
  if (user.status === 'EXTERNAL_PROVIDER') throw incorrectCredentials();
  if (user.status === 'UNCONFIRMED') throw new HearthError('UserNotConfirmed', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new HearthError('PasswordResetRequired', 'Password reset required for the user');
}

// a well-formed hash nobody's password matches: unknown users cost the same scrypt as known ones
const DECOY_HASH = `scrypt$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/** Checks a password for a known user with lockout bookkeeping; throws like a wrong password. */
export async function provePassword(
  // the history (signIns) rides along on the context when there is one
  d: Pick<AuthContext, 'users' | 'clock'> & Partial<Pick<AuthContext, 'signIns' | 'logger'>>,
  user: UserRecord,
  matches: boolean,
  method: 'PASSWORD' | 'SRP' = 'PASSWORD',
): Promise<void> {
  if (!matches) {
    await recordFailure(d, user, method);
    throw incorrectCredentials();
  }
  await recordSuccess(d, user, method);
}

export async function signInWithPassword(d: Deps, i: { clientId: string; username: string; password: string }): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const user = await userForSignIn(d, i);
  if (user) assertNotLocked(d, user, 'PASSWORD');
  const matches = await verifyPassword(i.password, user?.passwordHash ?? DECOY_HASH);
  if (!user) throw incorrectCredentials();
  await provePassword(d, user, matches);
  assertCanSignIn(user);
  return finishSignIn(d, user, i.clientId);
}
