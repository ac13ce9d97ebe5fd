/**
 * One-time codes and challenge sessions: lifetimes (24 h sign-up and attribute codes, 1 h reset
 * codes, 3 min sign-in sessions), single use, and a dead code after too many wrong guesses.
 */
import { describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, type TestAuth } from '../../test/support/auth-fakes.js';
import type { AuthChallenge, AuthResult } from './service-types.js';
import { totpCode } from './totp.js';

const EMAIL = 'jane@example.com';
const PASSWORD = 'Passw0rd!';
const HOUR = 60 * 60 * 1000;

const forgot = (t: TestAuth, username = EMAIL) => t.auth.forgotPassword({ clientId: t.ir.userPoolClientId, username });
const confirmForgot = (t: TestAuth, code: string, password = 'Newpass-1') =>
  t.auth.confirmForgotPassword({ clientId: t.ir.userPoolClientId, username: EMAIL, code, password });
const signIn = (t: TestAuth, password = PASSWORD) =>
  t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username: EMAIL, password });

describe('sign-up codes', () => {
  it('expire after 24 hours', async () => {
    const t = await createTestAuth();
    await t.auth.signUp({ clientId: t.ir.userPoolClientId, username: EMAIL, password: PASSWORD, attributes: {} });
    t.clock.advance(24 * HOUR + 1000);
    await expect(
      t.auth.confirmSignUp({ clientId: t.ir.userPoolClientId, username: EMAIL, code: t.mailer.lastCode(EMAIL) }),
    ).rejects.toMatchObject({
      code: 'ExpiredCode',
    });
  });
});

describe('password reset codes', () => {
  it('work within the hour and not after', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    await forgot(t);
    t.clock.advance(HOUR + 1000);
    await expect(confirmForgot(t, t.mailer.lastCode(EMAIL))).rejects.toMatchObject({ code: 'ExpiredCode' });
    await forgot(t);
    t.clock.advance(HOUR - 60_000);
    await confirmForgot(t, t.mailer.lastCode(EMAIL));
    expect(await signIn(t, 'Newpass-1')).toHaveProperty('accessToken');
  });

  it('work once, and are not spent by a password the policy refuses', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    await forgot(t);
    const code = t.mailer.lastCode(EMAIL);
    await expect(confirmForgot(t, code, 'weak')).rejects.toMatchObject({ code: 'InvalidPassword' });
    await confirmForgot(t, code);
    await expect(confirmForgot(t, code, 'Another-pass1')).rejects.toMatchObject({ code: 'ExpiredCode' });
    expect(await signIn(t, 'Newpass-1')).toHaveProperty('accessToken');
  });

  it('die after 5 wrong guesses, even for the right code', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    await forgot(t);
    const code = t.mailer.lastCode(EMAIL);
    const wrongCode = code === '111111' ? '222222' : '111111';
    for (let n = 0; n < 5; n++) await expect(confirmForgot(t, wrongCode)).rejects.toMatchObject({ code: 'CodeMismatch' });
    await expect(confirmForgot(t, code)).rejects.toMatchObject({ code: 'TooManyFailedAttempts' });
    expect(await signIn(t)).toHaveProperty('accessToken');
  });

  it('hide whether the user exists, and need a verified email', async () => {
    const t = await createTestAuth();
    const sent = t.mailer.sent.length;
    expect(await forgot(t, 'ghost@example.com')).toEqual({ destination: 'g***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' });
    expect(t.mailer.sent.length).toBe(sent);
    await expect(
      t.auth.confirmForgotPassword({
        clientId: t.ir.userPoolClientId,
        username: 'ghost@example.com',
        code: '123456',
        password: 'Newpass-1',
      }),
    ).rejects.toMatchObject({
      code: 'CodeMismatch',
    });
    await t.auth.signUp({ clientId: t.ir.userPoolClientId, username: 'unconfirmed@example.com', password: PASSWORD, attributes: {} });
    await expect(forgot(t, 'unconfirmed@example.com')).rejects.toMatchObject({ code: 'InvalidParameter' });
  });
});

describe('attribute verification codes', () => {
  it('expire after 24 hours and work once', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    const { accessToken } = (await signIn(t)) as AuthResult;
    await t.auth.updateUserAttributes({ accessToken, attributes: { email: 'new@example.com' } });
    t.clock.advance(24 * HOUR + 1000);
    const fresh = (await signIn(t)) as AuthResult;
    const verify = (code: string) => t.auth.verifyUserAttribute({ accessToken: fresh.accessToken, attributeName: 'email', code });
    await expect(verify(t.mailer.lastCode('new@example.com'))).rejects.toMatchObject({ code: 'ExpiredCode' });
    await t.auth.getUserAttributeVerificationCode({ accessToken: fresh.accessToken, attributeName: 'email' });
    const code = t.mailer.lastCode('new@example.com');
    await verify(code);
    await expect(verify(code)).rejects.toMatchObject({ code: 'ExpiredCode' });
    expect((await t.users.byUsername('new@example.com'))?.attributes).toMatchObject({ email: 'new@example.com', email_verified: 'true' });
  });

  it('refuse an email that another account signs in with', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    await confirmedUser(t, 'taken@example.com', PASSWORD);
    const { accessToken } = (await signIn(t)) as AuthResult;
    await expect(t.auth.updateUserAttributes({ accessToken, attributes: { email: 'TAKEN@example.com' } })).rejects.toMatchObject({
      code: 'AliasExists',
    });
  });
});

describe('challenge sessions', () => {
  async function emailMfaUser() {
    const t = await createTestAuth({ ir: { mfa: { mode: 'OPTIONAL', totp: false, email: true } } });
    await confirmedUser(t, EMAIL, PASSWORD);
    const { accessToken } = (await signIn(t)) as AuthResult;
    await t.auth.setUserMfaPreference({ accessToken, email: { enabled: true, preferred: true } });
    const challenge = (await signIn(t)) as AuthChallenge;
    expect(challenge.challengeName).toBe('EMAIL_OTP');
    const answer = (code: string, session = challenge.session) =>
      t.auth.respondToChallenge({
        clientId: t.ir.userPoolClientId,
        challengeName: 'EMAIL_OTP',
        session,
        responses: { USERNAME: EMAIL, EMAIL_OTP_CODE: code },
      });
    return { t, challenge, answer };
  }

  it('take an email code once: a replayed answer is refused', async () => {
    const { t, answer } = await emailMfaUser();
    const code = t.mailer.lastCode(EMAIL);
    expect(await answer(code)).toHaveProperty('accessToken');
    await expect(answer(code)).rejects.toMatchObject({ code: 'ExpiredCode' });
  });

  it('are answered once (SELECT_MFA_TYPE replayed)', async () => {
    const t = await createTestAuth({ ir: { mfa: { mode: 'OPTIONAL', totp: true, email: true } } });
    await confirmedUser(t, EMAIL, PASSWORD);
    const { accessToken } = (await signIn(t)) as AuthResult;
    const { secretCode } = await t.auth.associateSoftwareToken({ accessToken });
    await t.auth.verifySoftwareToken({ accessToken, userCode: totpCode(secretCode, t.clock.now()) });
    await t.auth.setUserMfaPreference({ accessToken, email: { enabled: true }, totp: { enabled: true } });
    const select = (await signIn(t)) as AuthChallenge;
    expect(select).toMatchObject({
      challengeName: 'SELECT_MFA_TYPE',
      parameters: { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' },
    });
    const choose = () =>
      t.auth.respondToChallenge({
        clientId: t.ir.userPoolClientId,
        challengeName: 'SELECT_MFA_TYPE',
        session: select.session,
        responses: { USERNAME: EMAIL, ANSWER: 'EMAIL_OTP' },
      });
    expect(await choose()).toMatchObject({ challengeName: 'EMAIL_OTP' });
    await expect(choose()).rejects.toMatchObject({ code: 'NotAuthorized', message: expect.stringContaining('only be used once') });
  });

  it('expire after 3 minutes, and a forged one is refused', async () => {
    const { t, challenge, answer } = await emailMfaUser();
    await expect(answer(t.mailer.lastCode(EMAIL), `${challenge.session.slice(0, -4)}AAAA`)).rejects.toMatchObject({
      code: 'NotAuthorized',
    });
    t.clock.advance(3 * 60 * 1000 + 1000);
    await expect(answer(t.mailer.lastCode(EMAIL))).rejects.toMatchObject({
      code: 'NotAuthorized',
      message: expect.stringContaining('expired'),
    });
  });

  it('stop taking email codes after 5 wrong ones', async () => {
    const { t, answer } = await emailMfaUser();
    const code = t.mailer.lastCode(EMAIL);
    const wrongCode = code === '111111' ? '222222' : '111111';
    for (let n = 0; n < 5; n++) await expect(answer(wrongCode)).rejects.toMatchObject({ code: 'CodeMismatch' });
    await expect(answer(code)).rejects.toMatchObject({ code: 'TooManyFailedAttempts' });
  });

  it('lock the user after 5 wrong TOTP codes', async () => {
    const t = await createTestAuth({ ir: { mfa: { mode: 'OPTIONAL', totp: true, email: false } } });
    await confirmedUser(t, EMAIL, PASSWORD);
    const { accessToken } = (await signIn(t)) as AuthResult;
    const { secretCode } = await t.auth.associateSoftwareToken({ accessToken });
    await t.auth.verifySoftwareToken({ accessToken, userCode: totpCode(secretCode, t.clock.now()) });
    await t.auth.setUserMfaPreference({ accessToken, totp: { enabled: true, preferred: true } });
    const challenge = (await signIn(t)) as AuthChallenge;
    t.clock.advance(30_000);
    const valid = new Set([-1, 0, 1].map((k) => totpCode(secretCode, t.clock.now() + k * 30_000)));
    const wrongCode = ['123456', '234567', '345678', '456789'].find((c) => !valid.has(c)) ?? '000000';
    const answer = (code: string) =>
      t.auth.respondToChallenge({
        clientId: t.ir.userPoolClientId,
        challengeName: 'SOFTWARE_TOKEN_MFA',
        session: challenge.session,
        responses: { USERNAME: EMAIL, SOFTWARE_TOKEN_MFA_CODE: code },
      });
    for (let n = 0; n < 5; n++) await expect(answer(wrongCode)).rejects.toMatchObject({ code: 'CodeMismatch' });
    await expect(answer(totpCode(secretCode, t.clock.now()))).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    t.clock.advance(1001);
    expect(await answer(totpCode(secretCode, t.clock.now()))).toHaveProperty('accessToken');
  });
});
