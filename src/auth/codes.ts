/**
 * One-time codes (sign-up confirmation, forgot-password, attribute verification, email MFA):
 * 6 digits, stored as a hash, single use, and dead after MAX_CODE_ATTEMPTS wrong guesses so a
 * million-code space cannot be walked. Lifetimes are Cognito's: 24 h for confirmation and
 * attribute codes, 1 h for password reset codes, the 3-minute sign-in session for email MFA.
 */
import type { CodeRecord, UserStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import type { Ids } from '../util/ids.js';
import { secureEqual, sha256Hex } from '../util/secure-compare.js';

export const CODE_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
export const RESET_CODE_TTL_MS = 60 * 60 * 1000;
export const MFA_CODE_TTL_MS = 3 * 60 * 1000;

type CodeDeps = { users: Pick<UserStore, 'putCode'>; clock: Clock; ids: Ids };

// the sub salts the hash, so equal codes of two users do not look alike in the table
const hashCode = (sub: string, code: string) => sha256Hex(`${sub}:${code}`);

/** A fresh code in clear (for the email) and its row, for a caller that writes the row with other rows (sign-up). */
export function newCode(d: Omit<CodeDeps, 'users'>, sub: string, purpose: string, ttlMs: number = CODE_TTL_MS) {
  const code = d.ids.digits(6);
  const record: CodeRecord = { sub, purpose, codeHash: hashCode(sub, code), expiresAt: d.clock.now() + ttlMs, attempts: 0 };
  return { code, record };
}

/** Creates (or replaces) the user's code for `purpose` and returns it in clear, for the email. */
export async function issueCode(d: CodeDeps, sub: string, purpose: string, ttlMs: number = CODE_TTL_MS): Promise<string> {
  const { code, record } = newCode(d, sub, purpose, ttlMs);
  await d.users.putCode(record);
  return code;
}

type ConsumeDeps = { users: Pick<UserStore, 'getCode' | 'bumpCodeAttempts' | 'deleteCode'>; clock: Clock };

/** Accepts the code once, or throws CodeMismatch / ExpiredCode / TooManyFailedAttempts. */
export async function consumeCode(d: ConsumeDeps, sub: string, purpose: string, code: string): Promise<void> {
  await checkCode(d, sub, purpose, code);
  await d.users.deleteCode(sub, purpose);
}

/**
 * Checks the code like {@link consumeCode} (a wrong guess counts) but leaves it in place, for a
 * step that must succeed before the code is spent (ConfirmSignUp's postConfirmation trigger).
 */
export async function checkCode(d: ConsumeDeps, sub: string, purpose: string, code: string): Promise<void> {
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
}
