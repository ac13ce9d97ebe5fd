/**
 * RespondToAuthChallenge for the challenges that follow a proven password: SOFTWARE_TOKEN_MFA,
 * EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP and NEW_PASSWORD_REQUIRED. Each answer must come with the
 * challenge's own session; a session is spent by its successful answer.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { type ChallengeState, openChallenge, spendChallenge } from './challenge-session.js';
import { assertClient } from './client-check.js';
import { consumeCode } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { emailOtpChallenge, type FinishDeps, factorChallenge, mfaOrTokens } from './finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccess } from './lockout.js';
import { userFactors } from './mfa-factors.js';
import type { AuthChallenge, SignInResult } from './service-types.js';
import { startSession } from './sessions.js';
import { passwordPatch } from './set-password.js';
import { noteSignIn } from './sign-in-history.js';
import { checkTotp, sealSecret } from './software-token.js';

export type ChallengeDeps = FinishDeps & Pick<AuthContext, 'poolName' | 'storeBox'>;

export interface ChallengeAnswer {
  clientId: string;
  challengeName: string;
  session: string;
  responses: Record<string, string>;
}

const need = (r: Record<string, string>, key: string) => {
  const v = r[key];
  if (!v) throw new HearthError('InvalidParameter', `Missing required parameter ${key}`);
  return v;
};

async function userOf(d: ChallengeDeps, s: ChallengeState, responses: Record<string, string>): Promise<UserRecord> {
  const user = await d.users.bySub(s.sub);
  const named = responses.USERNAME ? await findUser(d.users, responses.USERNAME) : user;
  if (!user || named?.sub !== user.sub) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  return user;
}

// wrong TOTP codes count towards the sign-in lockout, so one 3-minute session cannot walk the code space
async function totpAnswer(d: ChallengeDeps, s: ChallengeState, user: UserRecord, r: Record<string, string>): Promise<SignInResult> {
  assertNotLocked(d, user, 'SOFTWARE_TOKEN_MFA');
  if (!(await checkTotp(d, user, need(r, 'SOFTWARE_TOKEN_MFA_CODE')))) {
    await recordFailure(d, user, 'SOFTWARE_TOKEN_MFA');
    throw new HearthError('CodeMismatch', 'Invalid code received for user');
  }
  await spendChallenge(d, s);
  await recordSuccess(d, user, 'SOFTWARE_TOKEN_MFA');
  return startSession(d, user, s.clientId);
}

async function emailAnswer(d: ChallengeDeps, s: ChallengeState, user: UserRecord, r: Record<string, string>): Promise<SignInResult> {
  try {
    await consumeCode(d, user.sub, 'email_mfa', need(r, 'EMAIL_OTP_CODE'));
  } catch (e) {
    await noteSignIn(d, user.sub, { method: 'EMAIL_OTP', ok: false, reason: (e as HearthError).code ?? 'Error', lockedOut: false });
    throw e;
  }
  await noteSignIn(d, user.sub, { method: 'EMAIL_OTP', ok: true, lockedOut: false });
  await spendChallenge(d, s);
  return startSession(d, user, s.clientId);
}

async function selectAnswer(d: ChallengeDeps, s: ChallengeState, user: UserRecord, r: Record<string, string>): Promise<AuthChallenge> {
  const answer = need(r, 'ANSWER');
  const factor = userFactors(d.ir.mfa, user).find((f) => f === answer);
  if (!factor) throw new HearthError('InvalidParameter', `${answer} is not an MFA type this user can choose.`);
  await spendChallenge(d, s);
  return factorChallenge(d, user, s.clientId, factor);
}

async function setupAnswer(d: ChallengeDeps, s: ChallengeState, user: UserRecord, r: Record<string, string>): Promise<SignInResult> {
  if (r.EMAIL !== undefined) {
    if (!d.ir.mfa?.email) throw new HearthError('InvalidUserPoolConfiguration', 'Email MFA is not enabled for this user pool.');
    // Hearth sends MFA codes only to the user's verified email, the address they signed up with
    const email = user.attributes.email ?? '';
    if (r.EMAIL.toLowerCase() !== email || user.attributes.email_verified !== 'true') {
      throw new HearthError('InvalidParameter', 'Hearth can only set up email MFA with the verified email of the user.');
    }
    await spendChallenge(d, s);
    const mfa = { ...user.mfa, emailEnabled: true };
    await d.users.update(user.sub, { mfa, updatedAt: d.clock.now() });
    return emailOtpChallenge(d, { ...user, mfa }, s.clientId);
  }
  if (!s.totpVerified || !s.totpSecret)
    throw new HearthError('NotAuthorized', 'Invalid session for the user: verify the software token first.');
  await spendChallenge(d, s);
  const mfa = { ...user.mfa, totpSecret: sealSecret(d, s.totpSecret), totpEnabled: true, preferred: 'SOFTWARE_TOKEN_MFA' as const };
  await d.users.update(user.sub, { mfa, updatedAt: d.clock.now() });
  return startSession(d, { ...user, mfa }, s.clientId);
}

function newAttributes(d: ChallengeDeps, user: UserRecord, r: Record<string, string>): Record<string, string> {
  const attrs = { ...user.attributes };
  for (const [key, value] of Object.entries(r)) {
    if (!key.startsWith('userAttributes.')) continue;
    const name = key.slice('userAttributes.'.length);
    if (name === 'sub' || name.endsWith('_verified') || (name === 'email' && value !== user.attributes.email)) {
      throw new HearthError('InvalidParameter', `Cannot modify the attribute ${name} in this challenge.`);
    }
    attrs[name] = value;
  }
  const missing = d.ir.requiredAttributes.filter((a) => !attrs[a]);
  if (missing.length > 0) throw new HearthError('InvalidParameter', `Missing required attributes: ${missing.join(', ')}`);
  return attrs;
}

async function newPasswordAnswer(d: ChallengeDeps, s: ChallengeState, user: UserRecord, r: Record<string, string>): Promise<SignInResult> {
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  const attributes = newAttributes(d, user, r);
  const patch = passwordPatch(d, user.sub, need(r, 'NEW_PASSWORD'));
  await spendChallenge(d, s);
  const updated: UserRecord = { ...user, ...patch, attributes, status: 'CONFIRMED' };
  await d.users.update(user.sub, { ...patch, attributes, status: 'CONFIRMED' });
  return mfaOrTokens(d, updated, s.clientId);
}

const ANSWERS: Record<AuthChallenge['challengeName'], typeof totpAnswer> = {
  SOFTWARE_TOKEN_MFA: totpAnswer,
  EMAIL_OTP: emailAnswer,
  SELECT_MFA_TYPE: selectAnswer,
  MFA_SETUP: setupAnswer,
  NEW_PASSWORD_REQUIRED: newPasswordAnswer,
};

export async function respondToChallenge(d: ChallengeDeps, i: ChallengeAnswer): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const s = openChallenge(d, i.session, i.clientId);
  if (s.challenge !== i.challengeName) throw new HearthError('InvalidParameter', `The session belongs to the ${s.challenge} challenge.`);
  const user = await userOf(d, s, i.responses);
  if (!user.enabled) throw new HearthError('NotAuthorized', 'User is disabled.');
  return ANSWERS[s.challenge](d, s, user, i.responses);
}
