/**
 * MFA and sign-in challenges through the unmodified aws-amplify v6 client: TOTP set up by a
 * signed-in user (OPTIONAL pool), TOTP set up during sign-in (REQUIRED pool, MFA_SETUP), email
 * MFA, choosing between factors, and the new-password challenge of an admin-created user.
 */
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  confirmSignUp,
  fetchMFAPreference,
  fetchUserAttributes,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockFake, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';
import { hashPassword } from '../../auth/password-hash.js';
import { computeSrpVerifier } from '../../auth/srp.js';
import { totpCode } from '../../auth/totp.js';
import type { AuthMfaIR } from '../../ir/types.js';

const PASSWORD = 'Passw0rd!';

function pool(mfa: AuthMfaIR) {
  const ctx = {} as { t: TestAuth; server: AuthHttpServer };
  beforeAll(async () => {
    await signOut().catch(() => {});
    ctx.t = await createTestAuth({ clock: new ClockFake(Date.now()), ir: { mfa } });
    ctx.server = await startAuthHttpServer(ctx.t.auth);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: ctx.t.ir.userPoolId,
          userPoolClientId: ctx.t.ir.userPoolClientId,
          userPoolEndpoint: ctx.server.url,
          mfa: { status: mfa.mode === 'REQUIRED' ? 'on' : 'optional', totpEnabled: mfa.totp, smsEnabled: false },
        },
      },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await ctx.server.close();
  });
  return ctx;
}

async function newUser(t: TestAuth, email: string) {
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: t.mailer.lastCode(email) });
}

/** the code an authenticator app shows now; the clock moves one step first, since a code works once */
function appCode(t: TestAuth, secret: string): string {
  t.clock.advance(30_000);
  return totpCode(secret, t.clock.now());
}

/** a code valid at no step within the accepted drift */
function wrongCode(t: TestAuth, secret: string): string {
  const valid = new Set([-1, 0, 1].map((k) => totpCode(secret, t.clock.now() + k * 30_000)));
  return ['123456', '234567', '345678', '456789'].find((c) => !valid.has(c)) ?? '000000';
}

describe('TOTP in an OPTIONAL pool', () => {
  const p = pool({ mode: 'OPTIONAL', totp: true, email: false });
  let secret = '';

  it('sets up an authenticator for the signed-in user and makes it the preferred factor', async () => {
    await newUser(p.t, 'totp@example.com');
    await signIn({ username: 'totp@example.com', password: PASSWORD });
    const setup = await setUpTOTP();
    secret = setup.sharedSecret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.getSetupUri('Hearth').toString()).toContain(`secret=${secret}`);
    await expect(verifyTOTPSetup({ code: wrongCode(p.t, secret) })).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
    await verifyTOTPSetup({ code: appCode(p.t, secret) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();
  });

  it('asks for the TOTP code at sign-in and refuses a wrong or replayed one', async () => {
    const first = await signIn({ username: 'totp@example.com', password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    await expect(confirmSignIn({ challengeResponse: wrongCode(p.t, secret) })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const good = appCode(p.t, secret);
    expect((await confirmSignIn({ challengeResponse: good })).isSignedIn).toBe(true);
    await signOut();
    await signIn({ username: 'totp@example.com', password: PASSWORD });
    await expect(confirmSignIn({ challengeResponse: good })).rejects.toMatchObject({ name: 'CodeMismatchException' });
  });

  it('signs a user without MFA straight in', async () => {
    await signOut();
    await newUser(p.t, 'plain@example.com');
    expect((await signIn({ username: 'plain@example.com', password: PASSWORD })).isSignedIn).toBe(true);
    await signOut();
  });
});

describe('TOTP in a REQUIRED pool', () => {
  const p = pool({ mode: 'REQUIRED', totp: true, email: false });

  it('sets up the authenticator during the first sign-in (MFA_SETUP), then asks for codes', async () => {
    await newUser(p.t, 'required@example.com');
    const r = await signIn({ username: 'required@example.com', password: PASSWORD });
    expect(r.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = (r.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret;
    const done = await confirmSignIn({ challengeResponse: appCode(p.t, secret) });
    expect(done.isSignedIn).toBe(true);
    expect(p.server.targets).toEqual(
      expect.arrayContaining([
        'AWSCognitoIdentityProviderService.AssociateSoftwareToken',
        'AWSCognitoIdentityProviderService.VerifySoftwareToken',
      ]),
    );
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();
    const again = await signIn({ username: 'required@example.com', password: PASSWORD });
    expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: appCode(p.t, secret) })).isSignedIn).toBe(true);
    await signOut();
  });
});

describe('email MFA', () => {
  const p = pool({ mode: 'OPTIONAL', totp: true, email: true });

  it('mails a sign-in code once the user turns email MFA on; the code works once', async () => {
    const email = 'mailmfa@example.com';
    await newUser(p.t, email);
    await signIn({ username: email, password: PASSWORD });
    await updateMFAPreference({ email: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['EMAIL'], preferred: 'EMAIL' });
    await signOut();
    const r = await signIn({ username: email, password: PASSWORD });
    expect(r.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'm***@e***' },
    });
    const code = p.t.mailer.lastCode(email);
    expect((await confirmSignIn({ challengeResponse: code })).isSignedIn).toBe(true);
    await signOut();
    await signIn({ username: email, password: PASSWORD });
    await expect(confirmSignIn({ challengeResponse: code })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await signOut();
  });

  it('lets a user with two factors and no preference choose (SELECT_MFA_TYPE)', async () => {
    const email = 'chooser@example.com';
    await newUser(p.t, email);
    await signIn({ username: email, password: PASSWORD });
    const { sharedSecret } = await setUpTOTP();
    await verifyTOTPSetup({ code: appCode(p.t, sharedSecret) });
    await updateMFAPreference({ totp: 'ENABLED', email: 'ENABLED' });
    await signOut();
    const r = await signIn({ username: email, password: PASSWORD });
    expect(r.nextStep).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] });
    const chosen = await confirmSignIn({ challengeResponse: 'TOTP' });
    expect(chosen.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: appCode(p.t, sharedSecret) })).isSignedIn).toBe(true);
    await signOut();
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  const p = pool({ mode: 'OFF', totp: false, email: false });

  it('makes a FORCE_CHANGE_PASSWORD user choose a password, then signs them in', async () => {
    const sub = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const temporary = 'Temp-pass1';
    const { salt, verifier } = computeSrpVerifier({ poolName: 'hearth', userId: sub, password: temporary });
    const now = p.t.clock.now();
    await p.t.users.create({
      sub,
      username: 'invited@example.com',
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
      attributes: { sub, email: 'invited@example.com', email_verified: 'true' },
      srpSalt: salt,
      srpVerifier: verifier,
      passwordHash: await hashPassword(temporary),
      tokensValidAfter: 0,
      createdAt: now,
      updatedAt: now,
    });
    const r = await signIn({ username: 'invited@example.com', password: temporary });
    expect(r.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    await expect(confirmSignIn({ challengeResponse: 'weak' })).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    const done = await confirmSignIn({ challengeResponse: 'Chosen-pass1', options: { userAttributes: { name: 'Invited' } } });
    expect(done.isSignedIn).toBe(true);
    expect(await fetchUserAttributes()).toMatchObject({ name: 'Invited', email: 'invited@example.com' });
    expect((await p.t.users.bySub(sub))?.status).toBe('CONFIRMED');
    await signOut();
    await expect(signIn({ username: 'invited@example.com', password: temporary })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect((await signIn({ username: 'invited@example.com', password: 'Chosen-pass1' })).isSignedIn).toBe(true);
    await signOut();
  });
});

describe('email MFA set up during sign-in (REQUIRED pool)', () => {
  const p = pool({ mode: 'REQUIRED', totp: true, email: true });

  it('lets the user pick email, confirm their address, and answer the mailed code', async () => {
    const email = 'setup.email@example.com';
    await newUser(p.t, email);
    const r = await signIn({ username: email, password: PASSWORD });
    expect(r.nextStep).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] });
    const picked = await confirmSignIn({ challengeResponse: 'EMAIL' });
    expect(picked.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
    await expect(confirmSignIn({ challengeResponse: 'someone.else@example.com' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    const sent = await confirmSignIn({ challengeResponse: email });
    expect(sent.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    expect((await confirmSignIn({ challengeResponse: p.t.mailer.lastCode(email) })).isSignedIn).toBe(true);
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['EMAIL'] });
    await signOut();
  });
});
