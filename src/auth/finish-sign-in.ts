/**
 * What follows a proven password: a new-password challenge for users an admin created, then the
 * MFA challenge the pool and the user call for, else tokens.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html
 */
import type { UserRecord } from '../db/ports.js';
import { sealChallenge } from './challenge-session.js';
import { issueCode, MFA_CODE_TTL_MS } from './codes.js';
import type { AuthContext } from './context.js';
import { chosenFactor, type MfaFactor, poolFactors, userFactors } from './mfa-factors.js';
import type { AuthChallenge, SignInResult } from './service-types.js';
import { startSession } from './sessions.js';
import { type SignInDeps, type SignInNote, writeNote } from './sign-in-history.js';
import { emailDelivery } from './verification-email.js';

export type FinishDeps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'mint' | 'secretBox' | 'mailer'> &
  Pick<SignInDeps, 'signIns' | 'logger'>;

function newPasswordChallenge(d: FinishDeps, user: UserRecord, clientId: string): AuthChallenge {
  const missing = d.ir.requiredAttributes.filter((a) => !user.attributes[a]).map((a) => `userAttributes.${a}`);
  const shown = Object.fromEntries(Object.entries(user.attributes).filter(([k]) => k !== 'sub' && !k.endsWith('_verified')));
  return {
    challengeName: 'NEW_PASSWORD_REQUIRED',
    session: sealChallenge(d, { sub: user.sub, clientId, challenge: 'NEW_PASSWORD_REQUIRED' }),
    parameters: { USER_ID_FOR_SRP: user.sub, requiredAttributes: JSON.stringify(missing), userAttributes: JSON.stringify(shown) },
  };
}

/** Mails an email-MFA code and returns the EMAIL_OTP challenge. */
export async function emailOtpChallenge(d: FinishDeps, user: UserRecord, clientId: string): Promise<AuthChallenge> {
  const email = user.attributes.email ?? user.username;
  const code = await issueCode(d, user.sub, 'email_mfa', MFA_CODE_TTL_MS);
  await d.mailer.send({
    to: email,
    subject: 'Your sign-in code',
    text: `Your authentication code is ${code}.`,
    html: `<p>Your authentication code is <strong>${code}</strong>.</p>`,
  });
  const delivery = emailDelivery(email);
  return {
    challengeName: 'EMAIL_OTP',
    session: sealChallenge(d, { sub: user.sub, clientId, challenge: 'EMAIL_OTP' }),
    parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: delivery.destination },
  };
}

export async function factorChallenge(d: FinishDeps, user: UserRecord, clientId: string, factor: MfaFactor): Promise<AuthChallenge> {
  if (factor === 'EMAIL_OTP') return emailOtpChallenge(d, user, clientId);
  return {
    challengeName: 'SOFTWARE_TOKEN_MFA',
    session: sealChallenge(d, { sub: user.sub, clientId, challenge: 'SOFTWARE_TOKEN_MFA' }),
    parameters: {},
  };
}

/**
 * MFA step of a sign-in whose first factor (and new password, if any) is done. `note`: the first
 * factor's success entry, not yet written: with the session's refresh token, else before the challenge.
 */
export async function mfaOrTokens(d: FinishDeps, user: UserRecord, clientId: string, note?: SignInNote): Promise<SignInResult> {
  const offered = poolFactors(d.ir.mfa);
  const factors = offered.length === 0 ? [] : userFactors(d.ir.mfa, user);
  if (offered.length === 0 || (factors.length === 0 && d.ir.mfa?.mode !== 'REQUIRED')) return startSession(d, user, clientId, note);
  if (note) await writeNote(d, note);
  if (factors.length === 0) {
    return {
      challengeName: 'MFA_SETUP',
      session: sealChallenge(d, { sub: user.sub, clientId, challenge: 'MFA_SETUP' }),
      parameters: { MFAS_CAN_SETUP: JSON.stringify(offered) },
    };
  }
  const factor = chosenFactor(factors, user);
  if (factor) return factorChallenge(d, user, clientId, factor);
  return {
    challengeName: 'SELECT_MFA_TYPE',
    session: sealChallenge(d, { sub: user.sub, clientId, challenge: 'SELECT_MFA_TYPE' }),
    parameters: { MFAS_CAN_CHOOSE: JSON.stringify(factors) },
  };
}

/** `note`: as for {@link mfaOrTokens} */
export async function finishSignIn(d: FinishDeps, user: UserRecord, clientId: string, note?: SignInNote): Promise<SignInResult> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (note) await writeNote(d, note);
    return newPasswordChallenge(d, user, clientId);
  }
  return mfaOrTokens(d, user, clientId, note);
}
