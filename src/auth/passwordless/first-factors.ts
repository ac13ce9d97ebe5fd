/**
 * The first factors of USER_AUTH a user may choose (SELECT_CHALLENGE's AvailableChallenges): the
 * password ones always, EMAIL_OTP when the pool has `otpLogin`, WEB_AUTHN when the pool has passkeys
 * and the user has registered one. A name nobody has gets the list of a user without passkeys.
 */
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';
import { findUser } from '../find-user.js';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'WEB_AUTHN';

export async function availableFirstFactors(d: Pick<AuthContext, 'ir' | 'users' | 'webauthn'>, username: string): Promise<FirstFactor[]> {
  const factors: FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP'];
  const p = d.ir.passwordless;
  if (p?.emailOtp) factors.push('EMAIL_OTP');
  if (p?.webAuthn && d.webauthn) {
    const user = await findUser(d.users, username);
    if (user && (await d.webauthn.bySub(user.sub)).length > 0) factors.push('WEB_AUTHN');
  }
  return factors;
}

/** A first factor the pool does not offer, named in Cognito's UnsupportedOperation shape. */
export function assertPoolOffers(d: Pick<AuthContext, 'ir'>, factor: string): void {
  const p = d.ir.passwordless;
  if (factor === 'SMS_OTP') throw new HearthError('NotSupported', 'SMS_OTP is not available: Hearth sends no SMS; use EMAIL_OTP.');
  if (factor === 'EMAIL_OTP' && !p?.emailOtp) {
    throw new HearthError('NotSupported', 'EMAIL_OTP is not a first factor of this user pool (defineAuth loginWith.email.otpLogin).');
  }
  if (factor === 'WEB_AUTHN' && !p?.webAuthn) {
    throw new HearthError('NotSupported', 'WEB_AUTHN is not a first factor of this user pool (defineAuth loginWith.webAuthn).');
  }
  if (!['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'WEB_AUTHN'].includes(factor)) {
    throw new HearthError('InvalidParameter', `${factor} is not a first factor of USER_AUTH.`);
  }
}
