/**
 * One-time codes (sign-up confirmation now; forgot-password and attribute verification later):
 * 6 digits, stored as a hash, valid 24 h (Cognito's lifetime for confirmation codes), single use,
 * and dead after MAX_CODE_ATTEMPTS wrong guesses so a million-code space cannot be walked.
 */
import type { UserStore } from '../storage/ports.js';
import type { Clock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import type { Ids } from '../util/ids.js';
import { secureEqual, sha256Hex } from '../util/secure-compare.js';

export const CODE_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

type CodeDeps = { users: Pick<UserStore, 'putCode'>; clock: Clock; ids: Ids };

// the sub salts the hash, so equal codes of two users do not look alike in the table
const hashCode = (sub: string, code: string) => sha256Hex(`${sub}:${code}`);

/** Creates (or replaces) the user's code for `purpose` and returns it in clear, for the email. */
export async function issueCode(d: CodeDeps, sub: string, purpose: string): Promise<string> {
  const code = d.ids.digits(6);
  await d.users.putCode({ sub, purpose, codeHash: hashCode(sub, code), expiresAt: d.clock.now() + CODE_TTL_MS, attempts: 0 });
  return code;
}

type ConsumeDeps = { users: Pick<UserStore, 'getCode' | 'bumpCodeAttempts' | 'deleteCode'>; clock: Clock };

/** Accepts the code once, or throws CodeMismatch / ExpiredCode / TooManyFailedAttempts. */
export async function consumeCode(d: ConsumeDeps, sub: string, purpose: string, code: string): Promise<void> {
  const record = await d.users.getCode(sub, purpose);
  if (!record || record.expiresAt <= d.clock.now()) {
    throw new HearthError('ExpiredCode', 'Invalid code provided, please request a code again.');
  }
  if (record.attempts >= MAX_CODE_ATTEMPTS) {
    throw new HearthError('TooManyFailedAttempts', 'Too many failed attempts. Please request a new code.');
  }
  if (!secureEqual(record.codeHash, hashCode(sub, code))) {
    await d.users.bumpCodeAttempts(sub, purpose);
    throw new HearthError('CodeMismatch', 'Invalid verification code provided, please try again.');
  }
  await d.users.deleteCode(sub, purpose);
}
