/** defineAuth `multifactor` and `accountRecovery` → AuthIR (Amplify's auth-construct validation). */
import { HearthError } from '../util/errors.js';
import type { AccountRecovery, AuthMfaIR } from './types.js';

const RECOVERY: readonly AccountRecovery[] = [
  'EMAIL_AND_PHONE_WITHOUT_MFA',
  'PHONE_WITHOUT_MFA_AND_EMAIL',
  'EMAIL_ONLY',
  'PHONE_ONLY_WITHOUT_MFA',
  'PHONE_AND_EMAIL',
  'NONE',
];

export function compileMfa(
  m: { mode?: unknown; totp?: unknown; sms?: unknown; email?: unknown } | undefined,
  where: string,
): AuthMfaIR | undefined {
  if (!m || m.mode === 'OFF' || m.mode === undefined) return undefined;
  if (m.mode !== 'OPTIONAL' && m.mode !== 'REQUIRED') {
    throw new HearthError('ConfigError', `${where}: multifactor.mode must be 'OFF', 'OPTIONAL' or 'REQUIRED'.`);
  }
  if (m.sms)
    throw new HearthError('NotSupported', `${where}: SMS multifactor is not supported by Hearth (no SMS sender); use totp or email.`);
  const mfa = { mode: m.mode, totp: m.totp === true, email: m.email === true } as AuthMfaIR;
  if (!mfa.totp && !mfa.email) {
    throw new HearthError('ConfigError', `${where}: multifactor needs at least one of totp, sms or email when mode is ${m.mode}.`);
  }
  return mfa;
}

export function compileAccountRecovery(value: unknown, where: string): AccountRecovery | undefined {
  if (value === undefined) return undefined;
  if (!RECOVERY.includes(value as AccountRecovery)) {
    throw new HearthError('ConfigError', `${where}: accountRecovery must be one of ${RECOVERY.join(', ')}.`);
  }
  if (value === 'PHONE_ONLY_WITHOUT_MFA') {
    throw new HearthError('NotSupported', `${where}: accountRecovery ${value} needs SMS, which Hearth does not send; use EMAIL_ONLY.`);
  }
  return value as AccountRecovery;
}
