/**
 * ConfirmSignUp, then the postConfirmation trigger. As in Cognito, the user is CONFIRMED before
 * the trigger runs and stays confirmed if it fails; the call still reports the trigger's error.
 */
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { consumeCode } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { invokeTrigger } from './invoke-trigger.js';

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
  const attributes = { ...user.attributes, email_verified: 'true' };
  await d.users.update(user.sub, { status: 'CONFIRMED', attributes, updatedAt: d.clock.now() });
  await invokeTrigger(d, 'postConfirmation', {
    version: '1',
    region: d.region,
    userPoolId: d.ir.userPoolId,
    userName: user.sub,
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: i.clientId },
    request: {
      userAttributes: { ...attributes, 'cognito:user_status': 'CONFIRMED' },
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    },
    response: {},
  });
}
