/**
 * The hosted sign-in page with MFA: a user who turned on email MFA is asked, after the password, for
 * the code mailed to them; a wrong code keeps the same challenge on the page, the right one goes back
 * to the app with an authorization code whose tokens are the user's.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthFlowType,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeAuthOnlyApp } from '../support/auth-only-app.js';
import { latestCode, mailboxOf } from '../support/mailbox.js';

const CALLBACK = 'http://localhost:3000/';
const EMAIL = 'mfa@example.com';
const PASSWORD = 'Correct-horse-9';
const authResource = `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({
  loginWith: { email: true, externalProviders: { callbackUrls: ['${CALLBACK}'], logoutUrls: ['${CALLBACK}'] } },
  multifactor: { mode: 'OPTIONAL', email: true },
  senders: { email: { fromEmail: 'no-reply@mfa.example' } },
});
`;

const dir = join(repoRoot, 'test-artifacts', `oauth-mfa-${randomBytes(4).toString('hex')}`);
let backend: RunningBackend;
let clientId: string;
let port: number;

beforeAll(async () => {
  writeAuthOnlyApp(dir, authResource);
  backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
  port = Number(new URL(backend.urls.base).port);
  clientId = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
  const cognito = new CognitoIdentityProviderClient({
    endpoint: backend.urls.cognito,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await cognito.send(new SignUpCommand({ ClientId: clientId, Username: EMAIL, Password: PASSWORD }));
  await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: EMAIL, ConfirmationCode: await latestCode(port, EMAIL) }));
  const signedIn = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: AuthFlowType.USER_PASSWORD_AUTH,
      AuthParameters: { USERNAME: EMAIL, PASSWORD },
    }),
  );
  await cognito.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: signedIn.AuthenticationResult?.AccessToken,
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
}, 60_000);

afterAll(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

const loginPath = () =>
  `/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email', state: 'mfa-1' })}`;

const post = (path: string, form: Record<string, string>) =>
  fetch(`${backend.urls.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

/** The hidden fields of the page's challenge form. */
function challengeFields(html: string): Record<string, string> {
  const value = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))) ?? '';
  return { session: value('session'), challengeName: value('challengeName') };
}

it('asks for the emailed code after the password; a wrong code stays on the challenge, the right one returns a code', async () => {
  const before = (await mailboxOf(port, EMAIL)).length;
  const afterPassword = await post(loginPath(), { username: EMAIL, password: PASSWORD });
  expect(afterPassword.status).toBe(200);
  const html = await afterPassword.text();
  expect(html).toContain('the code we emailed you');
  const fields = challengeFields(html);
  expect(fields.challengeName).toBe('EMAIL_OTP');
  expect((await mailboxOf(port, EMAIL)).length).toBe(before + 1);
  const code = await latestCode(port, EMAIL);

  const wrong = await post(loginPath(), { ...fields, code: code === '000000' ? '111111' : '000000' });
  expect(wrong.status).toBe(400);
  const retry = await wrong.text();
  expect(retry).toContain('the code we emailed you');

  const right = await post(loginPath(), { ...challengeFields(retry), code });
  expect(right.status).toBe(302);
  const back = new URL(right.headers.get('location') ?? '');
  expect(back.searchParams.get('state')).toBe('mfa-1');
  const token = await post('/oauth2/token', {
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    client_id: clientId,
    redirect_uri: CALLBACK,
  });
  const body = (await token.json()) as Record<string, string>;
  expect(decodeJwt(body.id_token ?? '')).toMatchObject({ email: EMAIL });
  expect(decodeJwt(body.access_token ?? '').scope).toBe('openid email');
});
