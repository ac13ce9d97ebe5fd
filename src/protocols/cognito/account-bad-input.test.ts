/** Malformed or misplaced requests to the account, MFA and challenge operations get Cognito's error shapes, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';
import type { AuthResult } from '../../auth/index.js';

let t: TestAuth;
let server: AuthHttpServer;
let accessToken: string;

async function call(target: string, body: unknown) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as { message?: string } };
}

beforeAll(async () => {
  t = await createTestAuth({ ir: { mfa: { mode: 'OPTIONAL', totp: false, email: true } } });
  server = await startAuthHttpServer(t.auth);
  await confirmedUser(t, 'jane@example.com', 'Passw0rd!');
  const r = await t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username: 'jane@example.com', password: 'Passw0rd!' });
  accessToken = (r as AuthResult).accessToken;
});
afterAll(async () => {
  await server.close();
});

describe('account operations refuse bad input', () => {
  const cases: [string, string, () => object, string][] = [
    [
      'ChangePassword without PreviousPassword',
      'ChangePassword',
      () => ({ AccessToken: accessToken, ProposedPassword: 'x' }),
      'InvalidParameterException',
    ],
    ['GetUser with a made-up token', 'GetUser', () => ({ AccessToken: 'abc.def.ghi' }), 'NotAuthorizedException'],
    [
      'UpdateUserAttributes with a non-list',
      'UpdateUserAttributes',
      () => ({ AccessToken: accessToken, UserAttributes: 'email' }),
      'InvalidParameterException',
    ],
    [
      'UpdateUserAttributes of sub',
      'UpdateUserAttributes',
      () => ({ AccessToken: accessToken, UserAttributes: [{ Name: 'sub', Value: 'x' }] }),
      'InvalidParameterException',
    ],
    [
      'UpdateUserAttributes of an unknown attribute',
      'UpdateUserAttributes',
      () => ({ AccessToken: accessToken, UserAttributes: [{ Name: 'shoe_size', Value: '9' }] }),
      'InvalidParameterException',
    ],
    [
      'VerifyUserAttribute of phone_number',
      'VerifyUserAttribute',
      () => ({ AccessToken: accessToken, AttributeName: 'phone_number', Code: '123456' }),
      'InvalidParameterException',
    ],
    [
      'DeleteUserAttributes with a string',
      'DeleteUserAttributes',
      () => ({ AccessToken: accessToken, UserAttributeNames: 'name' }),
      'InvalidParameterException',
    ],
    [
      'AssociateSoftwareToken where TOTP is off',
      'AssociateSoftwareToken',
      () => ({ AccessToken: accessToken }),
      'InvalidUserPoolConfigurationException',
    ],
    [
      'VerifySoftwareToken where TOTP is off',
      'VerifySoftwareToken',
      () => ({ UserCode: '123456' }),
      'InvalidUserPoolConfigurationException',
    ],
    [
      'SetUserMFAPreference with a string',
      'SetUserMFAPreference',
      () => ({ AccessToken: accessToken, EmailMfaSettings: { Enabled: 'yes' } }),
      'InvalidParameterException',
    ],
    [
      'SetUserMFAPreference for SMS',
      'SetUserMFAPreference',
      () => ({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true } }),
      'InvalidParameterException',
    ],
    [
      'RespondToAuthChallenge without a Session',
      'RespondToAuthChallenge',
      () => ({ ClientId: t.ir.userPoolClientId, ChallengeName: 'EMAIL_OTP', ChallengeResponses: {} }),
      'InvalidParameterException',
    ],
    [
      'RespondToAuthChallenge with a forged Session',
      'RespondToAuthChallenge',
      () => ({
        ClientId: t.ir.userPoolClientId,
        ChallengeName: 'EMAIL_OTP',
        Session: 'Zm9yZ2Vk',
        ChallengeResponses: { USERNAME: 'jane@example.com', EMAIL_OTP_CODE: '123456' },
      }),
      'NotAuthorizedException',
    ],
    [
      'InitiateAuth USER_AUTH preferring a passwordless factor',
      'InitiateAuth',
      () => ({
        ClientId: t.ir.userPoolClientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'jane@example.com', PREFERRED_CHALLENGE: 'EMAIL_OTP' },
      }),
      'UnsupportedOperationException',
    ],
    [
      'ForgotPassword for another client',
      'ForgotPassword',
      () => ({ ClientId: 'nope', Username: 'jane@example.com' }),
      'ResourceNotFoundException',
    ],
  ];

  for (const [title, target, body, type] of cases) {
    it(title, async () => {
      const r = await call(target, body());
      expect(r.status).toBe(400);
      expect(r.type).toBe(type);
      expect(r.body.message).toBeTruthy();
    });
  }

  it('refuses a forged SELECT_CHALLENGE session and a first factor Hearth does not offer', async () => {
    const forged = await call('RespondToAuthChallenge', {
      ClientId: t.ir.userPoolClientId,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: 'Zm9yZ2Vk',
      ChallengeResponses: { USERNAME: 'jane@example.com', ANSWER: 'PASSWORD', PASSWORD: 'Passw0rd!' },
    });
    expect(forged).toMatchObject({ status: 400, type: 'NotAuthorizedException' });
    const start = await call('InitiateAuth', {
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: 'jane@example.com' },
    });
    expect(start.body).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });
    const other = await call('RespondToAuthChallenge', {
      ClientId: t.ir.userPoolClientId,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: (start.body as { Session: string }).Session,
      ChallengeResponses: { USERNAME: 'someone.else@example.com', ANSWER: 'PASSWORD', PASSWORD: 'Passw0rd!' },
    });
    expect(other).toMatchObject({ status: 400, type: 'NotAuthorizedException' });
    const webAuthn = await call('RespondToAuthChallenge', {
      ClientId: t.ir.userPoolClientId,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: (start.body as { Session: string }).Session,
      ChallengeResponses: { USERNAME: 'jane@example.com', ANSWER: 'WEB_AUTHN' },
    });
    expect(webAuthn).toMatchObject({ status: 400, type: 'InvalidParameterException' });
  });

  it('answers a challenge with the session of another challenge with a clear error', async () => {
    const { accessToken: token } = (await t.auth.signInWithPassword({
      clientId: t.ir.userPoolClientId,
      username: 'jane@example.com',
      password: 'Passw0rd!',
    })) as AuthResult;
    await t.auth.setUserMfaPreference({ accessToken: token, email: { enabled: true } });
    const first = await call('InitiateAuth', {
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'jane@example.com', PASSWORD: 'Passw0rd!' },
    });
    expect(first.body).toMatchObject({ ChallengeName: 'EMAIL_OTP' });
    const r = await call('RespondToAuthChallenge', {
      ClientId: t.ir.userPoolClientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: (first.body as { Session: string }).Session,
      ChallengeResponses: { USERNAME: 'jane@example.com', SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
    expect(r).toMatchObject({ status: 400, type: 'InvalidParameterException' });
  });
});
