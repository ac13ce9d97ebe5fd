/**
 * The unmodified aws-amplify v6 client against the Cognito and identity pool handlers: sign-up,
 * confirmation, SRP sign-in (the client's default flow), attributes, identity-pool credentials,
 * sign-out.
 */
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, fetchUserAttributes, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockFake, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';

let t: TestAuth;
let server: AuthHttpServer;
const EMAIL = 'amplify.user@example.com';
const PASSWORD = 'Passw0rd!';

beforeAll(async () => {
  // the client signs a TIMESTAMP from its own clock, so the server's must be close to it
  t = await createTestAuth({ clock: new ClockFake(Date.now()) });
  server = await startAuthHttpServer(t.auth);
  vi.spyOn(console, 'warn').mockImplementation(() => {}); // "custom endpoint" warnings
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: t.ir.userPoolId,
        userPoolClientId: t.ir.userPoolClientId,
        identityPoolId: t.ir.identityPoolId,
        allowGuestAccess: true,
        userPoolEndpoint: server.url,
        identityPoolEndpoint: server.url,
      },
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('aws-amplify v6 client', () => {
  it('signs up and confirms with the mailed code', async () => {
    const up = await signUp({ username: EMAIL, password: PASSWORD, options: { userAttributes: { email: EMAIL } } });
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const done = await confirmSignUp({ username: EMAIL, confirmationCode: t.mailer.lastCode(EMAIL) });
    expect(done.isSignUpComplete).toBe(true);
  });

  it('signs in with SRP and reads the user', async () => {
    const r = await signIn({ username: EMAIL, password: PASSWORD });
    expect(r.isSignedIn).toBe(true);
    expect(server.targets).toContain('AWSCognitoIdentityProviderService.RespondToAuthChallenge');
    const sub = (await t.users.byUsername(EMAIL))?.sub;
    expect(await getCurrentUser()).toMatchObject({ userId: sub, username: sub });
    expect(await fetchUserAttributes()).toMatchObject({ email: EMAIL, email_verified: 'true', sub });
  });

  it('gets identity-pool credentials that resolve to the signed-in user', async () => {
    const session = await fetchAuthSession();
    expect(session.identityId).toMatch(/^us-east-1:/);
    const creds = session.credentials!;
    const resolved = t.auth.credentials.resolve(creds.accessKeyId, creds.sessionToken!);
    expect(resolved?.secretAccessKey).toBe(creds.secretAccessKey);
    expect(resolved?.principal).toMatchObject({ kind: 'identity', authenticated: true, sub: session.userSub });
  });

  it('refuses a wrong password', async () => {
    await signOut();
    await expect(signIn({ username: EMAIL, password: 'Wrong0rd!' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signs out with RevokeToken, which ends the access token too', async () => {
    await signIn({ username: EMAIL, password: PASSWORD });
    const access = (await fetchAuthSession()).tokens!.accessToken.toString();
    await signOut();
    expect(server.targets).toContain('AWSCognitoIdentityProviderService.RevokeToken');
    await expect(t.auth.tokens.verifyAccessToken(access)).rejects.toMatchObject({ code: 'NotAuthorized' });
  });

  it('gives a guest an unauthenticated identity', async () => {
    const session = await fetchAuthSession();
    expect(session.tokens).toBeUndefined();
    const resolved = t.auth.credentials.resolve(session.credentials!.accessKeyId, session.credentials!.sessionToken!);
    expect(resolved?.principal).toMatchObject({ kind: 'identity', authenticated: false });
  });
});
