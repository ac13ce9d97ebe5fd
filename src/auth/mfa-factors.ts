/** Which MFA factors a user can be challenged with, given the pool's `multifactor` settings. */

import type { UserRecord } from '../db/ports.js';
import type { AuthMfaIR } from '../ir/types.js';

export type MfaFactor = 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

export function poolFactors(mfa: AuthMfaIR | undefined): MfaFactor[] {
  if (!mfa || mfa.mode === 'OFF') return [];
  return [...(mfa.totp ? (['SOFTWARE_TOKEN_MFA'] as const) : []), ...(mfa.email ? (['EMAIL_OTP'] as const) : [])];
}

/**
 * Factors the user has turned on. When the pool requires MFA, a registered authenticator counts
 * even without SetUserMFAPreference, since the user set it up during the MFA_SETUP challenge.
 */
export function userFactors(mfa: AuthMfaIR | undefined, user: UserRecord): MfaFactor[] {
  const m = user.mfa ?? {};
  return poolFactors(mfa).filter((f) =>
    f === 'SOFTWARE_TOKEN_MFA' ? Boolean(m.totpSecret) && (m.totpEnabled || mfa?.mode === 'REQUIRED') : Boolean(m.emailEnabled),
  );
}

/** The one factor to challenge with, `undefined` when the user must choose (SELECT_MFA_TYPE). */
export function chosenFactor(factors: MfaFactor[], user: UserRecord): MfaFactor | undefined {
  if (factors.length === 1) return factors[0];
  const preferred = user.mfa?.preferred;
  return preferred && factors.includes(preferred) ? preferred : undefined;
}
