/**
 * Account flows through the unmodified aws-amplify v6 client: auto sign-in (SRP and USER_AUTH
 * session), USER_PASSWORD_AUTH, password reset and change, attribute updates with a pending email,
 * attribute deletion, token refresh (both forms), global sign-out, account deletion; and nothing
 * secret in the log.
 */
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  deleteUserAttributes,
  fetchAuthSession,
  fetchUserAttributes,
  resetPassword,
  sendUserAttributeVerificationCode,
  signIn,
  signOut,
  signUp,
  updatePassword,
  updateUserAttributes,
} from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockFake, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';
import { createLogger } from '../../util/logger.js';

let t: TestAuth;
let server: AuthHttpServer;
const logged: string[] = [];
/** every password, code and token the tests handle: none may reach the log */
const secrets: string[] = [];
const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'Changed-pass9';
secrets.push(PASSWORD, NEW_PASSWORD);

const code = (to: string) => {
  const c = t.mailer.lastCode(to);
  secrets.push(c);
  return c;
};

async function newUser(email: string) {
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: code(email) });
}

async function tokens() {
  const s = await fetchAuthSession();
  const access = s.tokens?.accessToken.toString() ?? '';
  secrets.push(access, s.tokens?.idToken?.toString() ?? '');
  return access;
}

async function call(target: string, body: object) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  t = await createTestAuth({ clock: new ClockFake(Date.now()), logger: createLogger('', (line) => logged.push(line)) });
  server = await startAuthHttpServer(t.auth);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  Amplify.configure({
    Auth: { Cognito: { userPoolId: t.ir.userPoolId, userPoolClientId: t.ir.userPoolClientId, userPoolEndpoint: server.url } },
  });
});
afterAll(async () => {
  await server.close();
});

describe('aws-amplify v6 account flows', () => {
  it('auto-signs in after confirmation with autoSignIn: true (SRP with the remembered password)', async () => {
    const email = 'auto.srp@example.com';
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email }, autoSignIn: true } });
    const confirmed = await confirmSignUp({ username: email, confirmationCode: code(email) });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const before = server.targets.length;
    expect((await autoSignIn()).isSignedIn).toBe(true);
    expect(server.targets.slice(before)).toContain('AWSCognitoIdentityProviderService.RespondToAuthChallenge');
    expect((await fetchUserAttributes()).email).toBe(email);
    await signOut();
  });

  it('auto-signs in with the ConfirmSignUp session (autoSignIn with USER_AUTH), no password sent', async () => {
    const email = 'auto.session@example.com';
    await signUp({
      username: email,
      password: PASSWORD,
      options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } },
    });
    await confirmSignUp({ username: email, confirmationCode: code(email) });
    // the client debounces autoSignIn process-wide for 300 ms: a call that soon after the previous
    // test's would be dropped and never settle
    await new Promise((resolve) => setTimeout(resolve, 400));
    const before = server.targets.length;
    expect((await autoSignIn()).isSignedIn).toBe(true);
    const sent = server.targets.slice(before);
    expect(sent).toContain('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(sent).not.toContain('AWSCognitoIdentityProviderService.RespondToAuthChallenge');
    expect((await fetchUserAttributes()).email).toBe(email);
    await signOut();
  });

  it('signs in with USER_PASSWORD_AUTH', async () => {
    await newUser('plain@example.com');
    const r = await signIn({ username: 'plain@example.com', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(r.isSignedIn).toBe(true);
    await signOut();
  });

  it('signs in with USER_AUTH when the client prefers PASSWORD_SRP or PASSWORD', async () => {
    await newUser('choice@example.com');
    for (const preferredChallenge of ['PASSWORD_SRP', 'PASSWORD'] as const) {
      const r = await signIn({
        username: 'choice@example.com',
        password: PASSWORD,
        options: { authFlowType: 'USER_AUTH', preferredChallenge },
      });
      expect(r.isSignedIn).toBe(true);
      await signOut();
    }
  });

  it('signs in with USER_AUTH without a preference: the user picks a password factor (SELECT_CHALLENGE)', async () => {
    for (const factor of ['PASSWORD_SRP', 'PASSWORD'] as const) {
      const r = await signIn({ username: 'choice@example.com', options: { authFlowType: 'USER_AUTH' } });
      expect(r.nextStep).toMatchObject({
        signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
        availableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
      });
      expect((await confirmSignIn({ challengeResponse: factor })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
      expect((await confirmSignIn({ challengeResponse: PASSWORD })).isSignedIn).toBe(true);
      await signOut();
    }
    // an unknown user gets the same choice, then the usual refusal
    await signIn({ username: 'nobody@example.com', options: { authFlowType: 'USER_AUTH' } });
    await confirmSignIn({ challengeResponse: 'PASSWORD' });
    await expect(confirmSignIn({ challengeResponse: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('resets a forgotten password with the mailed code', async () => {
    const email = 'forgot@example.com';
    await newUser(email);
    const r = await resetPassword({ username: email });
    expect(r.nextStep).toMatchObject({
      resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'f***@e***', attributeName: 'email' },
    });
    await expect(confirmResetPassword({ username: email, confirmationCode: '000000', newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await confirmResetPassword({ username: email, confirmationCode: code(email), newPassword: NEW_PASSWORD });
    await expect(signIn({ username: email, password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: email, password: NEW_PASSWORD })).isSignedIn).toBe(true);
    await signOut();
  });

  it('answers resetPassword for an unknown user like for a real one, and mails nothing', async () => {
    const sentBefore = t.mailer.sent.length;
    const r = await resetPassword({ username: 'ghost@example.com' });
    expect(r.nextStep.codeDeliveryDetails).toEqual({ deliveryMedium: 'EMAIL', destination: 'g***@e***', attributeName: 'email' });
    expect(t.mailer.sent.length).toBe(sentBefore);
  });

  it('changes the password of the signed-in user, refusing a wrong old one', async () => {
    const email = 'change@example.com';
    await newUser(email);
    await signIn({ username: email, password: PASSWORD });
    await expect(updatePassword({ oldPassword: 'Wrong-pass1', newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(updatePassword({ oldPassword: PASSWORD, newPassword: 'short' })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
    });
    await updatePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await signOut();
    expect((await signIn({ username: email, password: NEW_PASSWORD })).isSignedIn).toBe(true);
    await signOut();
  });

  it('keeps the old email until the code sent to the new one is confirmed', async () => {
    const [old, next] = ['old.address@example.com', 'new.address@example.com'];
    await newUser(old);
    await signIn({ username: old, password: PASSWORD });
    const r = await updateUserAttributes({ userAttributes: { email: next, name: 'Jane' } });
    expect(r.name).toMatchObject({ isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } });
    expect(r.email).toMatchObject({
      isUpdated: false,
      nextStep: { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE', codeDeliveryDetails: { destination: 'n***@e***' } },
    });
    expect(await fetchUserAttributes()).toMatchObject({ email: old, email_verified: 'true', name: 'Jane' });
    const first = code(next);
    // a fresh code replaces the first one
    expect((await sendUserAttributeVerificationCode({ userAttributeKey: 'email' })).destination).toBe('n***@e***');
    const second = code(next);
    const stale = first === second ? '000000' : first;
    await expect(confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: stale })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: second });
    expect(await fetchUserAttributes()).toMatchObject({ email: next, email_verified: 'true' });
    await signOut();
    await expect(signIn({ username: old, password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: next, password: PASSWORD })).isSignedIn).toBe(true);
    await signOut();
  });

  it('deletes optional attributes and refuses to delete a required one', async () => {
    await newUser('attrs@example.com');
    await signIn({ username: 'attrs@example.com', password: PASSWORD });
    await updateUserAttributes({ userAttributes: { name: 'Jane', nickname: 'J' } });
    await deleteUserAttributes({ userAttributeKeys: ['name'] });
    const attrs = await fetchUserAttributes();
    expect(attrs.name).toBeUndefined();
    expect(attrs.nickname).toBe('J');
    await expect(deleteUserAttributes({ userAttributeKeys: ['email'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await signOut();
  });

  it('refreshes with GetTokensFromRefreshToken and with InitiateAuth REFRESH_TOKEN_AUTH (older clients)', async () => {
    await newUser('refresh@example.com');
    const other = await call('InitiateAuth', {
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'refresh@example.com', PASSWORD },
    });
    const refreshToken = other.body.AuthenticationResult.RefreshToken as string;
    secrets.push(refreshToken);
    const old = await call('InitiateAuth', {
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    expect(old.status).toBe(200);
    expect(old.body.AuthenticationResult.AccessToken).toMatch(/^ey/);
    await signIn({ username: 'refresh@example.com', password: PASSWORD });
    const before = server.targets.length;
    await fetchAuthSession({ forceRefresh: true });
    expect(server.targets.slice(before)).toContain('AWSCognitoIdentityProviderService.GetTokensFromRefreshToken');
    await tokens();
    await signOut();
  });

  it('signs out globally: the sessions of other devices end too', async () => {
    await newUser('global@example.com');
    const device = await call('InitiateAuth', {
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'global@example.com', PASSWORD },
    });
    const refreshToken = device.body.AuthenticationResult.RefreshToken as string;
    secrets.push(refreshToken);
    await signIn({ username: 'global@example.com', password: PASSWORD });
    const access = await tokens();
    await signOut({ global: true });
    expect(server.targets).toContain('AWSCognitoIdentityProviderService.GlobalSignOut');
    const refresh = await call('GetTokensFromRefreshToken', { ClientId: t.ir.userPoolClientId, RefreshToken: refreshToken });
    expect(refresh.body.__type).toBe('NotAuthorizedException');
    expect((await call('GetUser', { AccessToken: access })).body.__type).toBe('NotAuthorizedException');
  });

  it('deletes the signed-in user', async () => {
    await newUser('leaving@example.com');
    await signIn({ username: 'leaving@example.com', password: PASSWORD });
    const access = await tokens();
    await deleteUser();
    expect(server.targets).toContain('AWSCognitoIdentityProviderService.DeleteUser');
    expect(await t.users.byUsername('leaving@example.com')).toBeUndefined();
    expect((await call('GetUser', { AccessToken: access })).body.__type).toBe('NotAuthorizedException');
    await expect(signIn({ username: 'leaving@example.com', password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('never wrote a password, code or token to the log or the console', () => {
    for (const mail of t.mailer.sent) secrets.push(...(mail.text.match(/\b\d{6}\b/g) ?? []));
    const text = logged.join('\n');
    const leaked = secrets.filter((s) => s.length >= 6 && text.includes(s));
    expect(secrets.length).toBeGreaterThan(10);
    expect(leaked).toEqual([]);
  });
});
