/** USER_PASSWORD_AUTH: the password travels in the request and is checked against the SRP verifier (password-check.ts). */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { type FinishDeps, finishSignIn } from './finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccessLater } from './lockout.js';
import { checkPassword, migrationPatch, type PasswordCheck } from './password-check.js';
import type { SignInResult } from './service-types.js';
import { type SignInNote, writeNote } from './sign-in-history.js';
import { type SignInTriggerDeps, userForSignIn } from './sign-in-triggers.js';

type Deps = FinishDeps & SignInTriggerDeps & Pick<AuthContext, 'ir' | 'poolName'>;

/** Cognito's single answer for unknown user and wrong password (user existence errors prevented). */
export const incorrectCredentials = () => new HearthError('NotAuthorized', 'Incorrect username or password.');

/** Why a user whose password is proven still cannot sign in; checked only then, so it reveals nothing to someone without it. */
function signInRefusal(user: UserRecord): HearthError | undefined {
  if (!user.enabled) return new HearthError('NotAuthorized', 'User is disabled.');
  // a federated user signs in only through its identity provider (auth/federation)
  if (user.status === 'EXTERNAL_PROVIDER') return incorrectCredentials();
  if (user.status === 'UNCONFIRMED') return new HearthError('UserNotConfirmed', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') return new HearthError('PasswordResetRequired', 'Password reset required for the user');
  return undefined;
}

export function assertCanSignIn(user: UserRecord): void {
  const refusal = signInRefusal(user);
  if (refusal) throw refusal;
}

/** The rest of a sign-in whose password is proven; its success entry is written first, or with the session's refresh token. */
export async function finishProvenSignIn(d: FinishDeps, user: UserRecord, clientId: string, note: SignInNote): Promise<SignInResult> {
  const refusal = signInRefusal(user);
  if (refusal) {
    await writeNote(d, note);
    throw refusal;
  }
  return finishSignIn(d, user, clientId, note);
}

// the history (signIns) rides along on the context when there is one
type ProveDeps = Pick<AuthContext, 'users' | 'clock'> & Partial<Pick<AuthContext, 'signIns' | 'logger'>>;

/**
 * Settles a password check for a known user with lockout bookkeeping; throws like a wrong password.
 * A success also migrates a row written before passwords lived in the verifier alone (password-check.ts).
 */
export async function provePassword(d: ProveDeps, user: UserRecord, check: PasswordCheck): Promise<void> {
  await writeNote(d, await passwordProven(d, user, check, 'PASSWORD'));
}

/** provePassword whose success entry is returned unwritten, for the sign-in to write with what follows (finishProvenSignIn). */
export async function passwordProven(
  d: ProveDeps,
  user: UserRecord,
  check: PasswordCheck,
  method: 'PASSWORD' | 'SRP',
): Promise<SignInNote> {
  if (!check.matches) {
    await recordFailure(d, user, method);
    throw incorrectCredentials();
  }
  const note = await recordSuccessLater(d, user, method);
  const migration = migrationPatch(user, check);
  if (migration) await d.users.update(user.sub, migration);
  return note;
}

export async function signInWithPassword(d: Deps, i: { clientId: string; username: string; password: string }): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const user = await userForSignIn(d, i);
  if (user) assertNotLocked(d, user, 'PASSWORD');
  const check = await checkPassword(d.poolName, user, i.password);
  if (!user) throw incorrectCredentials();
  return finishProvenSignIn(d, user, i.clientId, await passwordProven(d, user, check, 'PASSWORD'));
}
