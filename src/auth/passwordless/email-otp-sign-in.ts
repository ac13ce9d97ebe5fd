/**
 * EMAIL_OTP as the first factor of USER_AUTH (defineAuth `loginWith.email.otpLogin`): a 6-digit code
 * mailed through the pool's messages (CustomMessage_Authentication), valid 3 minutes, used once, dead
 * after 5 wrong guesses; wrong codes count towards the sign-in lockout like wrong passwords. A name
 * nobody has (or a disabled user) gets the same answer with no mail, and every code is then wrong,
 * so the answer reveals no account. A signed-in passwordless user gets no MFA challenge (Cognito).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
 */
import { HearthError } from '../../util/errors.js';
import { assertClient } from '../client-check.js';
import { consumeCode, issueCode, MFA_CODE_TTL_MS } from '../codes.js';
import type { AuthContext } from '../context.js';
import { findUser } from '../find-user.js';
import type { FinishDeps } from '../finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccess } from '../lockout.js';
import { sendCodeMessage } from '../messages.js';
import { type ChallengeAnswer, type ChallengeDeps, respondToChallenge } from '../respond-challenge.js';
import type { AuthResult, FirstFactorChallenge, SignInResult } from '../service-types.js';
import { startSession } from '../sessions.js';
import { assertCanSignIn } from '../sign-in-password.js';
import { type SignInTriggerDeps, userForSignIn } from '../sign-in-triggers.js';
import { emailDelivery } from '../verification-email.js';
import { assertPoolOffers } from './first-factors.js';
import { openPasswordless, peekPasswordless, sealPasswordless, spendPasswordless } from './passwordless-session.js';

const PURPOSE = 'email_otp';

export type EmailOtpDeps = FinishDeps & SignInTriggerDeps & Pick<AuthContext, 'mailer'>;

function challenge(d: EmailOtpDeps, i: { sub: string; clientId: string; destination: string }): FirstFactorChallenge {
  return {
    challengeName: 'EMAIL_OTP',
    session: sealPasswordless(d, { sub: i.sub, clientId: i.clientId, factor: 'EMAIL_OTP' }),
    parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: i.destination },
  };
}

export async function startEmailOtpSignIn(
  d: EmailOtpDeps,
  i: { clientId: string; username: string; clientMetadata?: Record<string, string> },
): Promise<FirstFactorChallenge> {
  assertClient(d.ir, i.clientId);
  assertPoolOffers(d, 'EMAIL_OTP');
  const user = await userForSignIn(d, i);
  if (user) assertNotLocked(d, user, 'EMAIL_OTP');
  const email = user?.enabled ? user.attributes.email : undefined;
  if (!user || !email) {
    const shown = i.username.includes('@') ? i.username.toLowerCase() : 'user@example.com';
    return challenge(d, { sub: '', clientId: i.clientId, destination: emailDelivery(shown).destination });
  }
  const code = await issueCode(d, user.sub, PURPOSE, MFA_CODE_TTL_MS);
  const delivery = await sendCodeMessage(d, {
    kind: 'Authentication',
    user,
    to: email,
    code,
    clientId: i.clientId,
    clientMetadata: i.clientMetadata,
  });
  return challenge(d, { sub: user.sub, clientId: i.clientId, destination: delivery.destination });
}

const wrongCode = () => new HearthError('CodeMismatch', 'Invalid code received for user');

export async function answerEmailOtpSignIn(
  d: EmailOtpDeps,
  i: { clientId: string; session: string; username: string; code: string },
): Promise<AuthResult> {
  assertClient(d.ir, i.clientId);
  const s = openPasswordless(d, { session: i.session, clientId: i.clientId, factor: 'EMAIL_OTP' });
  if (!s.sub) throw wrongCode();
  const user = await d.users.bySub(s.sub);
  const named = await findUser(d.users, i.username);
  if (!user || named?.sub !== user.sub) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  assertNotLocked(d, user, 'EMAIL_OTP');
  try {
    await consumeCode(d, user.sub, PURPOSE, i.code);
  } catch (e) {
    if (e instanceof HearthError && e.code === 'CodeMismatch') await recordFailure(d, user, 'EMAIL_OTP');
    throw e;
  }
  await spendPasswordless(d, s);
  await recordSuccess(d, user, 'EMAIL_OTP');
  assertCanSignIn(user);
  return startSession(d, user, i.clientId);
}

/**
 * RespondToAuthChallenge EMAIL_OTP: the first factor's code when the session is a passwordless one,
 * else the email MFA code that follows a password (respond-challenge.ts).
 */
export async function respondEmailOtp(d: EmailOtpDeps & ChallengeDeps, i: ChallengeAnswer): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  if (!peekPasswordless(d, i.session, i.clientId)) return respondToChallenge(d, i);
  const username = i.responses.USERNAME;
  const code = i.responses.EMAIL_OTP_CODE;
  if (!username || !code)
    throw new HearthError('InvalidParameter', `Missing required parameter ${username ? 'EMAIL_OTP_CODE' : 'USERNAME'}`);
  return answerEmailOtpSignIn(d, { clientId: i.clientId, session: i.session, username, code });
}
