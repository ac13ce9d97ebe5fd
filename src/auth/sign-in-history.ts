/**
 * Each user's recent sign-in steps (time, method, success or failure, lockout) for the console's
 * user view: recorded where a credential is checked (lockout.ts), kept per user up to
 * SIGN_INS_KEPT. Recording never changes the answer: a failure to write is only logged.
 */
import type { SignInEntry, SignInHistoryStore } from '../db/ports.js';
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

export async function noteSignIn(d: SignInDeps, sub: string, e: Omit<SignInEntry, 'time'>): Promise<void> {
  if (!d.signIns) return;
  try {
    await d.signIns.add(sub, { time: new Date(d.clock.now()).toISOString(), ...e }, SIGN_INS_KEPT);
  } catch (err) {
    d.logger?.warn(`could not record a sign-in of ${sub}: ${(err as Error).message}`);
  }
}
