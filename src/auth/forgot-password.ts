/**
 * ForgotPassword / ConfirmForgotPassword. The reset code goes to the user's verified email (the
 * pool's account recovery is EMAIL_ONLY, Amplify's default for email login) and is valid 1 hour.
 * An unknown user gets a made-up CodeDeliveryDetails and no mail, and confirming for one reads like
 * a wrong code, as Cognito answers when user existence errors are prevented.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
 */
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { consumeCode, issueCode, RESET_CODE_TTL_MS } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { sendCodeMessage } from './messages.js';
import type { CodeDelivery } from './service-types.js';
import { passwordPatch } from './set-password.js';
import { migrateUser } from './sign-in-triggers.js';
import { runPostConfirmation, type TriggerDeps } from './trigger-events.js';
import { emailDelivery } from './verification-email.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'mailer' | 'poolName'> & TriggerDeps;

export async function forgotPassword(d: Deps, i: { clientId: string; username: string }): Promise<CodeDelivery> {
  assertClient(d.ir, i.clientId);
  if (d.ir.accountRecovery === 'NONE') {
    throw new HearthError('NotAuthorized', 'Password reset is not enabled for this user pool (accountRecovery is NONE).');
  }
  // an unknown user may be migrated (UserMigration_ForgotPassword)
  const user =
    (await findUser(d.users, i.username)) ??
    (await migrateUser(d, { source: 'UserMigration_ForgotPassword', clientId: i.clientId, username: i.username }));
  if (!user) return emailDelivery(i.username.includes('@') ? i.username : 'unknown@unknown');
  if (user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'EXTERNAL_PROVIDER')
    throw new HearthError('NotAuthorized', 'User password cannot be reset in the current state.');
  const email = user.attributes.email;
  if (!email || user.attributes.email_verified !== 'true') {
    throw new HearthError(
      'InvalidParameter',
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  const code = await issueCode(d, user.sub, 'forgot_password', RESET_CODE_TTL_MS);
  return sendCodeMessage(d, { kind: 'ForgotPassword', user, to: email, code, clientId: i.clientId });
}

export interface ConfirmForgotPasswordInput {
  clientId: string;
  username: string;
  code: string;
  password: string;
}

export async function confirmForgotPassword(d: Deps, i: ConfirmForgotPasswordInput): Promise<void> {
  assertClient(d.ir, i.clientId);
  const user = await findUser(d.users, i.username);
  if (!user) throw new HearthError('CodeMismatch', 'Invalid verification code provided, please try again.');
  // the policy first, so a weak new password does not spend the code
  const patch = passwordPatch(d, user.sub, i.password);
  await consumeCode(d, user.sub, 'forgot_password', i.code);
  // a reset proves control of the email; RESET_REQUIRED users become CONFIRMED (Cognito does the same)
  const status = user.status === 'RESET_REQUIRED' ? 'CONFIRMED' : user.status;
  await d.users.update(user.sub, { ...patch, status });
  await runPostConfirmation(d, { source: 'PostConfirmation_ConfirmForgotPassword', user: { ...user, status }, clientId: i.clientId });
}
