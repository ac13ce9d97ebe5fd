/**
 * ConfirmSignUp (and AdminConfirmSignUp), then the postConfirmation trigger. As in Cognito, the
 * user is CONFIRMED before the trigger runs and stays confirmed if it fails; the call still reports
 * the trigger's error.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { consumeCode } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { runPostConfirmation } from './trigger-events.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'functions' | 'logger' | 'region' | 'triggerTimeoutMs'>;

export interface ConfirmSignUpInput {
  clientId: string;
  username: string;
  code: string;
  clientMetadata?: Record<string, string>;
}

export async function confirmSignUp(d: Deps, i: ConfirmSignUpInput): Promise<void> {
  assertClient(d.ir, i.clientId);
  const user = await findUser(d.users, i.username);
  // an unknown user reads like a wrong code (user existence errors are prevented)
  if (!user) throw new HearthError('CodeMismatch', 'Invalid verification code provided, please try again.');
  if (user.status !== 'UNCONFIRMED') {
    throw new HearthError('NotAuthorized', `User cannot be confirmed. Current status is ${user.status}`);
  }
  await consumeCode(d, user.sub, 'signup', i.code);
  await markConfirmed(d, user, { clientId: i.clientId, clientMetadata: i.clientMetadata });
}

/** CONFIRMED with a verified email, then postConfirmation (PostConfirmation_ConfirmSignUp). */
export async function markConfirmed(
  d: Deps,
  user: UserRecord,
  i: { clientId?: string; clientMetadata?: Record<string, string> },
): Promise<void> {
  const attributes = { ...user.attributes, email_verified: 'true' };
  await d.users.update(user.sub, { status: 'CONFIRMED', attributes, updatedAt: d.clock.now() });
  const confirmed: UserRecord = { ...user, status: 'CONFIRMED', attributes };
  await runPostConfirmation(d, { source: 'PostConfirmation_ConfirmSignUp', user: confirmed, ...i });
}
