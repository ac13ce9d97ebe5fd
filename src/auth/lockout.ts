/**
 * Sign-in lockout, as Cognito does it: after 5 failed password attempts the user is locked for a
 * time that starts at 1 s and doubles with each further failure, up to about 15 minutes; a
 * successful sign-in resets the count, and so do 15 minutes without a failed attempt. While
 * locked, sign-in answers "Password attempts exceeded" without looking at the password (and
 * without lengthening the lock). Wrong MFA codes count as failed attempts too.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
 */
import type { UserRecord, UserStore } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { noteSignIn, type SignInDeps, type SignInMethod, type SignInNote, signInNote, writeNote } from './sign-in-history.js';

export const FREE_ATTEMPTS = 5;
export const FIRST_LOCK_MS = 1000;
export const MAX_LOCK_MS = 15 * 60 * 1000;

type Deps = { users: Pick<UserStore, 'bumpFailedSignIns' | 'update'> } & SignInDeps;

export const attemptsExceeded = () => new HearthError('NotAuthorized', 'Password attempts exceeded');

export function assertNotLocked(d: SignInDeps, user: UserRecord, method: SignInMethod = 'SIGN_IN'): void {
  if (user.lockedUntil && user.lockedUntil > d.clock.now()) {
    // recorded without waiting: the refusal must not depend on the history's table
    void noteSignIn(d, user.sub, { method, ok: false, reason: 'LockedOut', lockedOut: true });
    throw attemptsExceeded();
  }
}

/** lock length after `failures` consecutive failures (0 while under the free attempts) */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
}

/** quiet time after which the count starts again */
export const RESET_AFTER_MS = 15 * 60 * 1000;

export async function recordFailure(
  d: Deps,
  user: Pick<UserRecord, 'sub' | 'failedSignIns' | 'lockedUntil'>,
  method: SignInMethod = 'SIGN_IN',
): Promise<void> {
  const now = d.clock.now();
  // lockedUntil is also the end of the last failure's (possibly empty) lock: the time to measure quiet from
  if (user.failedSignIns && user.lockedUntil && now - user.lockedUntil >= RESET_AFTER_MS) {
    await d.users.update(user.sub, { failedSignIns: 0 });
  }
  const failures = await d.users.bumpFailedSignIns(user.sub);
  await d.users.update(user.sub, { lockedUntil: now + lockDurationMs(failures) });
  await noteSignIn(d, user.sub, { method, ok: false, reason: 'WrongCredentials', lockedOut: lockDurationMs(failures) > 0 });
}

export async function recordSuccess(d: Deps, user: UserRecord, method: SignInMethod = 'SIGN_IN'): Promise<void> {
  await writeNote(d, await recordSuccessLater(d, user, method));
}

/** recordSuccess whose entry is returned unwritten, for what follows to write (with its session: sign-in-history.ts). */
export async function recordSuccessLater(d: Deps, user: UserRecord, method: SignInMethod): Promise<SignInNote> {
  if (user.failedSignIns || user.lockedUntil) await d.users.update(user.sub, { failedSignIns: 0, lockedUntil: 0 });
  return signInNote(d, user.sub, { method, ok: true, lockedOut: false });
}
