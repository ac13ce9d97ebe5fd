/**
 * ConfirmSignUp (and AdminConfirmSignUp), then the postConfirmation trigger. As in Cognito, the
 * user becomes CONFIRMED only once the trigger has returned: a trigger that throws fails the call
 * (UserLambdaValidationException) and leaves the user UNCONFIRMED with its code still valid, so the
 * same confirmation can be tried again. The trigger's event already says CONFIRMED, as Cognito's does.
 *
 * Crash safety follows from the order: a process killed before the status is written leaves an
 * UNCONFIRMED user (its trigger may have run, as a Lambda may run twice: the client saw no answer
 * and retries); it can never leave a CONFIRMED user whose trigger did not run.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { checkCode } from './codes.js';
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
  assertUnconfirmed(user);
  await checkCode(d, user.sub, 'signup', i.code);
  await markConfirmed(d, user, { clientId: i.clientId, clientMetadata: i.clientMetadata });
  // after the status: a crash in between leaves a stale code of a confirmed user, which nothing accepts
  await d.users.deleteCode(user.sub, 'signup');
}

function assertUnconfirmed(user: UserRecord): void {
  if (user.status !== 'UNCONFIRMED') {
    throw new HearthError('NotAuthorized', `User cannot be confirmed. Current status is ${user.status}`);
  }
}

/**
 * postConfirmation (PostConfirmation_ConfirmSignUp), then CONFIRMED with a verified email. The user
 * is read again after the trigger, which may have changed its attributes (AdminUpdateUserAttributes).
 */
export async function markConfirmed(
  d: Deps,
  user: UserRecord,
  i: { clientId?: string; clientMetadata?: Record<string, string> },
): Promise<void> {
  const event: UserRecord = { ...user, status: 'CONFIRMED', attributes: { ...user.attributes, email_verified: 'true' } };
  await runPostConfirmation(d, { source: 'PostConfirmation_ConfirmSignUp', user: event, ...i });
  const now = (await d.users.bySub(user.sub)) ?? user;
  const attributes = { ...now.attributes, email_verified: 'true' };
  await d.users.update(user.sub, { status: 'CONFIRMED', attributes, updatedAt: d.clock.now() });
}
