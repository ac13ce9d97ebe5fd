import { parseAmplifyConfig } from '@aws-amplify/core/internals/utils';
import { describe, expect, it } from 'vitest';
import { authIR } from '../../test/support/auth-fakes.js';
import { buildOutputs } from '../codegen/outputs.js';
import { compilePasswordless, resolveRelyingPartyId } from './compile-auth-passwordless.js';
import type { AuthIR, BackendIR } from './types.js';

const WHERE = 'amplify/auth/resource.ts';
const compile = (loginWith: Record<string, unknown>, passwordlessOptions?: unknown, mfa?: AuthIR['mfa']) =>
  compilePasswordless({ loginWith, passwordlessOptions, mfa }, WHERE);
const outputsFor = (auth: AuthIR, baseUrl = 'http://127.0.0.1:4000') => {
  const ir: BackendIR = { projectRoot: '/app', region: 'us-east-1', auth, functions: [], addedOutputs: [] };
  return buildOutputs(ir, { baseUrl, dataUrl: `${baseUrl}/graphql`, cognitoUrl: baseUrl }) as { auth: Record<string, unknown> };
};

describe('defineAuth passwordless', () => {
  it('compiles otpLogin, webAuthn (true and an object) and the preferred challenge', () => {
    expect(compile({ email: true })).toBeUndefined();
    expect(compile({ email: { otpLogin: true } })).toEqual({ emailOtp: true });
    expect(compile({ email: true, webAuthn: true })).toEqual({
      emailOtp: false,
      webAuthn: { relyingPartyId: 'AUTO', userVerification: 'preferred' },
    });
    expect(
      compile(
        { email: { otpLogin: true }, webAuthn: { relyingPartyId: 'example.com', userVerification: 'required' } },
        { preferredChallenge: 'WEB_AUTHN' },
      ),
    ).toEqual({
      emailOtp: true,
      webAuthn: { relyingPartyId: 'example.com', userVerification: 'required' },
      preferredChallenge: 'WEB_AUTHN',
    });
  });

  it("refuses what Amplify refuses, naming the user's file", () => {
    expect(() => compile({ webAuthn: true })).toThrow(/amplify\/auth\/resource.ts: loginWith.webAuthn needs loginWith.email/);
    expect(() => compile({ email: true, webAuthn: { relyingPartyId: 'https://example.com' } })).toThrow(/bare domain/);
    expect(() => compile({ email: true, webAuthn: { relyingPartyId: 'example.com', userVerification: 'never' } })).toThrow(
      /userVerification must be/,
    );
    expect(() => compile({ email: { otpLogin: true } }, undefined, { mode: 'REQUIRED', totp: true, email: false })).toThrow(
      /cannot be combined with multifactor mode 'REQUIRED'/,
    );
    expect(() => compile({ email: true }, { preferredChallenge: 'EMAIL_OTP' })).toThrow(/needs loginWith.email.otpLogin/);
    expect(() => compile({ email: true }, { preferredChallenge: 'MAGIC' })).toThrow(/preferredChallenge must be one of/);
  });

  it('refuses SMS_OTP with a clear error: Hearth sends no SMS', () => {
    expect(() => compile({ email: true, phone: { otpLogin: true } })).toThrow(/Hearth does not send/);
    expect(() => compile({ email: { otpLogin: true } }, { preferredChallenge: 'SMS_OTP' })).toThrow(/Hearth does not send/);
  });

  it("resolves the AUTO relying party to localhost, or the public URL's domain", () => {
    expect(resolveRelyingPartyId('AUTO', 'http://127.0.0.1:4000')).toBe('localhost');
    expect(resolveRelyingPartyId('AUTO', 'http://[::1]:4000')).toBe('localhost');
    expect(resolveRelyingPartyId('AUTO', 'https://api.example.com')).toBe('api.example.com');
    expect(resolveRelyingPartyId('example.com', 'https://api.example.com')).toBe('example.com');
  });

  it('writes the passwordless block of outputs, which the client reads back', () => {
    const auth = { ...authIR(), passwordless: compile({ email: { otpLogin: true }, webAuthn: true }, { preferredChallenge: 'EMAIL_OTP' }) };
    const out = outputsFor(auth);
    expect(out.auth.passwordless).toEqual({
      email_otp_enabled: true,
      sms_otp_enabled: false,
      web_authn: { relying_party_id: 'localhost', user_verification: 'preferred' },
      preferred_challenge: 'EMAIL_OTP',
    });
    const config = parseAmplifyConfig(out as never);
    expect(config.Auth?.Cognito.passwordless).toEqual({
      emailOtpEnabled: true,
      smsOtpEnabled: false,
      webAuthn: { relyingPartyId: 'localhost', userVerification: 'preferred' },
      preferredChallenge: 'EMAIL_OTP',
    });
    expect(outputsFor(authIR()).auth.passwordless).toBeUndefined();
  });
});
