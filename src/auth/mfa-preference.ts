/**
 * SetUserMFAPreference: turns the user's TOTP and email factors on or off and picks the preferred
 * one. TOTP needs a verified authenticator (VerifySoftwareToken), email a verified email.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html
 */
import type { UserMfaSettings } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import { signedInUser } from './signed-in-user.js';

export interface MfaSetting {
  enabled?: boolean;
  preferred?: boolean;
}

export interface MfaPreferenceInput {
  accessToken: string;
  totp?: MfaSetting;
  email?: MfaSetting;
  sms?: MfaSetting;
}

type Deps = Pick<AuthContext, 'ir' | 'users' | 'verifier' | 'clock'>;

function apply(mfa: UserMfaSettings, factor: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP', s: MfaSetting | undefined): UserMfaSettings {
  if (!s) return mfa;
  const key = factor === 'SOFTWARE_TOKEN_MFA' ? 'totpEnabled' : 'emailEnabled';
  const next: UserMfaSettings = { ...mfa };
  if (s.enabled !== undefined) next[key] = s.enabled;
  if (s.preferred) next.preferred = factor;
  else if (s.preferred === false || s.enabled === false) {
    if (next.preferred === factor) delete next.preferred;
  }
  return next;
}

export async function setUserMfaPreference(d: Deps, i: MfaPreferenceInput): Promise<void> {
  const user = await signedInUser(d, i.accessToken);
  const pool = d.ir.mfa;
  if (i.sms?.enabled || i.sms?.preferred) throw new HearthError('InvalidParameter', 'SMS MFA is not supported by Hearth.');
  const wantsTotp = i.totp?.enabled || i.totp?.preferred;
  const wantsEmail = i.email?.enabled || i.email?.preferred;
  if ((wantsTotp && !pool?.totp) || (wantsEmail && !pool?.email) || ((wantsTotp || wantsEmail) && pool?.mode === 'OFF')) {
    throw new HearthError('InvalidUserPoolConfiguration', 'The MFA type is not enabled for this user pool.');
  }
  if (wantsTotp && !user.mfa?.totpSecret) throw new HearthError('InvalidParameter', 'User has not verified software token mfa');
  if (wantsEmail && user.attributes.email_verified !== 'true') {
    throw new HearthError('InvalidParameter', 'User does not have a verified email address for email MFA.');
  }
  const mfa = apply(apply(user.mfa ?? {}, 'SOFTWARE_TOKEN_MFA', i.totp), 'EMAIL_OTP', i.email);
  await d.users.update(user.sub, { mfa, updatedAt: d.clock.now() });
}

/** GetUser's MFA fields: the factors turned on and the preferred one. */
export function mfaView(user: { mfa?: UserMfaSettings }) {
  const m = user.mfa ?? {};
  const list = [...(m.totpEnabled ? ['SOFTWARE_TOKEN_MFA'] : []), ...(m.emailEnabled ? ['EMAIL_OTP'] : [])];
  return { preferred: m.preferred && list.includes(m.preferred) ? m.preferred : undefined, enabled: list };
}
