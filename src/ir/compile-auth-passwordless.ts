/**
 * defineAuth passwordless settings → AuthIR.passwordless, with the checks Amplify's auth construct
 * makes: `loginWith.email.otpLogin` (EMAIL_OTP), `loginWith.webAuthn` (passkeys; needs email or
 * phone login), `passwordlessOptions.preferredChallenge`, and no passwordless factor when MFA is
 * REQUIRED. SMS_OTP is refused: Hearth sends no SMS.
 * https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/
 */
import { HearthError } from '../util/errors.js';
import type { AuthMfaIR, PasswordlessIR } from './types.js';

interface LoginWith {
  email?: unknown;
  phone?: unknown;
  webAuthn?: unknown;
}

const PREFERRED = ['EMAIL_OTP', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN'] as const;
// a bare host name: labels of letters, digits and inner hyphens; no scheme, port or path
const BARE_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function compileWebAuthn(value: unknown, where: string): PasswordlessIR['webAuthn'] {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { relyingPartyId: 'AUTO', userVerification: 'preferred' };
  const v = value as { relyingPartyId?: unknown; userVerification?: unknown };
  if (typeof v !== 'object' || v === null || typeof v.relyingPartyId !== 'string') {
    throw new HearthError('ConfigError', `${where}: loginWith.webAuthn must be true or { relyingPartyId, userVerification? }.`);
  }
  const id = v.relyingPartyId;
  if (id !== 'AUTO' && !BARE_DOMAIN.test(id)) {
    throw new HearthError(
      'ConfigError',
      `${where}: loginWith.webAuthn.relyingPartyId must be 'AUTO', 'localhost' or a bare domain like example.com, not "${id}".`,
    );
  }
  const uv = v.userVerification ?? 'preferred';
  if (uv !== 'required' && uv !== 'preferred') {
    throw new HearthError('ConfigError', `${where}: loginWith.webAuthn.userVerification must be 'required' or 'preferred'.`);
  }
  return { relyingPartyId: id, userVerification: uv };
}

const otpLogin = (login: unknown) => typeof login === 'object' && login !== null && (login as { otpLogin?: unknown }).otpLogin === true;

function compilePreferred(value: unknown, p: Omit<PasswordlessIR, 'preferredChallenge'>, where: string) {
  if (value === undefined) return undefined;
  if (!(PREFERRED as readonly unknown[]).includes(value)) {
    throw new HearthError('ConfigError', `${where}: passwordlessOptions.preferredChallenge must be one of ${PREFERRED.join(', ')}.`);
  }
  if (value === 'SMS_OTP') throw new HearthError('NotSupported', `${where}: SMS_OTP needs SMS, which Hearth does not send; use EMAIL_OTP.`);
  if ((value === 'EMAIL_OTP' && !p.emailOtp) || (value === 'WEB_AUTHN' && !p.webAuthn)) {
    const needs = value === 'EMAIL_OTP' ? 'loginWith.email.otpLogin' : 'loginWith.webAuthn';
    throw new HearthError('ConfigError', `${where}: passwordlessOptions.preferredChallenge ${value} needs ${needs}.`);
  }
  return value as PasswordlessIR['preferredChallenge'];
}

export function compilePasswordless(
  i: { loginWith: LoginWith | undefined; passwordlessOptions: unknown; mfa: AuthMfaIR | undefined },
  where: string,
): PasswordlessIR | undefined {
  if (otpLogin(i.loginWith?.phone)) {
    throw new HearthError(
      'NotSupported',
      `${where}: loginWith.phone.otpLogin (SMS_OTP) needs SMS, which Hearth does not send; use loginWith.email.otpLogin.`,
    );
  }
  const webAuthn = compileWebAuthn(i.loginWith?.webAuthn, where);
  const emailOtp = otpLogin(i.loginWith?.email);
  if (webAuthn && !i.loginWith?.email && !i.loginWith?.phone) {
    throw new HearthError('ConfigError', `${where}: loginWith.webAuthn needs loginWith.email or loginWith.phone.`);
  }
  const base = { emailOtp, ...(webAuthn && { webAuthn }) };
  const options = (i.passwordlessOptions ?? {}) as { preferredChallenge?: unknown };
  const preferredChallenge = compilePreferred(options.preferredChallenge, base, where);
  if (!emailOtp && !webAuthn) return preferredChallenge === 'PASSWORD' ? { emailOtp, preferredChallenge } : undefined;
  if (i.mfa?.mode === 'REQUIRED') {
    throw new HearthError(
      'ConfigError',
      `${where}: passwordless sign-in (otpLogin, webAuthn) cannot be combined with multifactor mode 'REQUIRED'.`,
    );
  }
  return { ...base, ...(preferredChallenge && { preferredChallenge }) };
}

/**
 * The relying party id passkeys are bound to. 'AUTO' is, as in Amplify's sandbox, `localhost`; when
 * Hearth is served under a domain (HEARTH_PUBLIC_URL), that domain's host name. An IP address
 * cannot be a relying party id, so 127.0.0.1 also means `localhost`.
 */
export function resolveRelyingPartyId(configured: string, baseUrl: string | undefined): string {
  if (configured !== 'AUTO') return configured;
  let host = '';
  try {
    host = baseUrl ? new URL(baseUrl).hostname : '';
  } catch {
    host = '';
  }
  const isIp = /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
  return host && !isIp ? host : 'localhost';
}
