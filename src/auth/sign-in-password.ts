/** USER_PASSWORD_AUTH: the password travels in the request and is checked against the SRP verifier (password-check.ts). */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { type FinishDeps, finishSignIn } from './finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccess } from './lockout.js';
import { checkPassword, migrationPatch, type PasswordCheck } from './password-check.js';
import type { SignInResult } from './service-types.js';
import { type SignInTriggerDeps, userForSignIn } from './sign-in-triggers.js';

type Deps = FinishDeps & SignInTriggerDeps & Pick<AuthContext, 'ir' | 'poolName'>;

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

/**
 * Settles a password check for a known user with lockout bookkeeping; throws like a wrong password.
 * A success also migrates a row written before passwords lived in the verifier alone (password-check.ts).
 */
export async function provePassword(
  // the history (signIns) rides along on the context when there is one
  d: Pick<AuthContext, 'users' | 'clock'> & Partial<Pick<AuthContext, 'signIns' | 'logger'>>,
  user: UserRecord,
  check: PasswordCheck,
  method: 'PASSWORD' | 'SRP' = 'PASSWORD',
): Promise<void> {
  if (!check.matches) {
    await recordFailure(d, user, method);
    throw incorrectCredentials();
  }
  await recordSuccess(d, user, method);
  const migration = migrationPatch(user, check);
  if (migration) await d.users.update(user.sub, migration);
}

export async function signInWithPassword(d: Deps, i: { clientId: string; username: string; password: string }): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const user = await userForSignIn(d, i);
  if (user) assertNotLocked(d, user, 'PASSWORD');
  const check = await checkPassword(d.poolName, user, i.password);
  if (!user) throw incorrectCredentials();
  await provePassword(d, user, check);
  assertCanSignIn(user);
  return finishSignIn(d, user, i.clientId);
}
