/**
 * Each user's recent sign-in steps (time, method, success or failure, lockout) for the console's
 * user view: recorded where a credential is checked (lockout.ts), kept per user up to
 * SIGN_INS_KEPT. Recording never changes the answer: a failure to write is only logged.
 */
import type { RefreshTokenRecord, SignInEntry, SignInHistoryStore, UserStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const SIGN_INS_KEPT = 50;

/** what a step was: `PASSWORD` (USER_PASSWORD_AUTH), `SRP`, `SOFTWARE_TOKEN_MFA`, … */
export type SignInMethod = string;

export interface SignInDeps {
  signIns?: SignInHistoryStore;
  clock: Clock;
  logger?: Logger;
}

/**
 * An entry made but not yet written: a proven password's success, written by what follows it
 * (finish-sign-in.ts), with the session's refresh token when one is started (one statement).
 */
export interface SignInNote {
  sub: string;
  entry: SignInEntry;
}

export function signInNote(d: Pick<SignInDeps, 'clock'>, sub: string, e: Omit<SignInEntry, 'time'>): SignInNote {
  return { sub, entry: { time: new Date(d.clock.now()).toISOString(), ...e } };
}

const warnUnrecorded = (d: SignInDeps, sub: string, err: unknown) =>
  d.logger?.warn(`could not record a sign-in of ${sub}: ${(err as Error).message}`);

export async function writeNote(d: SignInDeps, note: SignInNote): Promise<void> {
  if (!d.signIns) return;
  try {
    await d.signIns.add(note.sub, note.entry, SIGN_INS_KEPT);
  } catch (err) {
    warnUnrecorded(d, note.sub, err);
  }
}

export async function noteSignIn(d: SignInDeps, sub: string, e: Omit<SignInEntry, 'time'>): Promise<void> {
  await writeNote(d, signInNote(d, sub, e));
}

/**
 * Stores a new session's refresh token, and `note` (when given) with it in one statement where the
 * history store can. A failure of that statement is retried as the token alone, so the entry's
 * failure still leaves the answer as it was, and the token's own failure still fails the sign-in.
 */
export async function putRefreshTokenNoting(
  d: SignInDeps & { users: Pick<UserStore, 'putRefreshToken'> },
  token: RefreshTokenRecord,
  note: SignInNote | undefined,
): Promise<void> {
  if (note && d.signIns?.addWithRefreshToken) {
    try {
      await d.signIns.addWithRefreshToken(note.sub, note.entry, SIGN_INS_KEPT, token);
      return;
    } catch (err) {
      warnUnrecorded(d, note.sub, err);
    }
  } else if (note) await writeNote(d, note);
  await d.users.putRefreshToken(token);
}
