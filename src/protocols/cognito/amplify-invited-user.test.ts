/**
 * A user an administrator created (AdminCreateUser, FORCE_CHANGE_PASSWORD) signs in for the first
 * time with the unmodified aws-amplify v6 client: NEW_PASSWORD_REQUIRED, then tokens. A user whose
 * password an administrator reset is sent to RESET_PASSWORD and finishes with the mailed code.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmResetPassword, confirmSignIn, fetchUserAttributes, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../../test/support/admin-auth.js';

let t: AdminAuth;

beforeAll(async () => {
  t = await startAdminAuth();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  Amplify.configure({
    Auth: { Cognito: { userPoolId: t.ir.userPoolId, userPoolClientId: t.ir.userPoolClientId, userPoolEndpoint: t.server.url } },
  });
});
afterAll(async () => {
  await signOut().catch(() => {});
  await t.close();
});

describe('an invited user', () => {
  it('chooses a password at first sign-in and is CONFIRMED afterwards', async () => {
    const email = 'invited@example.com';
    await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: t.ir.userPoolId,
        Username: email,
        TemporaryPassword: 'Temp-pass1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const r = await signIn({ username: email, password: 'Temp-pass1' });
    expect(r.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Chosen-pass1', options: { userAttributes: { given_name: 'Ada' } } });
    expect(done.isSignedIn).toBe(true);
    expect(await fetchUserAttributes()).toMatchObject({ email, given_name: 'Ada' });
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: t.ir.userPoolId, Username: email }));
    expect(got.UserStatus).toBe('CONFIRMED');
    await signOut();
    await expect(signIn({ username: email, password: 'Temp-pass1' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: email, password: 'Chosen-pass1' })).isSignedIn).toBe(true);
    await signOut();
  });

  it('is told to reset after an administrator reset their password, and does so with the mailed code', async () => {
    const email = 'reset.by.admin@example.com';
    const pool = { UserPoolId: t.ir.userPoolId, Username: email };
    await t.admin.send(
      new AdminCreateUserCommand({
        ...pool,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await t.admin.send(new AdminSetUserPasswordCommand({ ...pool, Password: 'Old-pass11', Permanent: true }));
    await t.admin.send(new AdminResetUserPasswordCommand(pool));
    const r = await signIn({ username: email, password: 'Old-pass11' });
    expect(r.nextStep.signInStep).toBe('RESET_PASSWORD');
    await confirmResetPassword({ username: email, confirmationCode: t.mailer.lastCode(email), newPassword: 'New-pass11' });
    expect((await signIn({ username: email, password: 'New-pass11' })).isSignedIn).toBe(true);
    await signOut();
  });
});
