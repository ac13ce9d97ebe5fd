/**
 * Passkeys in headless Chromium: an app page (test/browser/passkey-app.tsx) calls the unmodified
 * aws-amplify client's `associateWebAuthnCredential()`, `listWebAuthnCredentials()`,
 * `deleteWebAuthnCredential()` and `signIn` with `preferredChallenge: 'WEB_AUTHN'`; Chromium's
 * WebAuthn talks to a CDP virtual authenticator (`WebAuthn.addVirtualAuthenticator`), Hearth
 * verifies with @simplewebauthn/server. The page is served from http://localhost:<port> (a secure
 * context, under the relying party 'localhost' that `webAuthn: true` means in the sandbox).
 * Refused, with Cognito's errors: a replayed assertion (same session, and a new session), another
 * user's passkey, another user's credential id to delete, registration without a valid token.
 *
 * Needs Debian's `chromium`; skipped (saying why) without it unless HEARTH_REQUIRE_BROWSER=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignUp, signUp } from 'aws-amplify/auth';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { browserSkip, CHROMIUM, type PageServer, servePage } from '../support/browser-page.js';
import { type CognitoError, cognitoJson } from '../support/cognito-json.js';
import { latestCode } from '../support/mailbox.js';

const PASSWORD = 'Correct-horse-9';

const AUTH_RESOURCE = `import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';

export const auth = defineAuth({
  loginWith: { email: true, webAuthn: true },
  triggers: { postConfirmation },
});
`;

type Outcome = { ok: true; value: any } | { ok: false; name: string; message: string };

/** Runs `window.__auth[fn](arg)` in the page; an error comes back as its name and message. */
const call = (page: Page, fn: string, arg?: unknown): Promise<Outcome> =>
  page.evaluate(
    async ([f, a]) => {
      try {
        const auth = (globalThis as any).__auth;
        return { ok: true, value: JSON.parse(JSON.stringify((await auth[f as string](a)) ?? null)) };
      } catch (e) {
        return { ok: false, name: (e as Error).name, message: (e as Error).message };
      }
    },
    [fn, arg] as const,
  ) as Promise<Outcome>;

describe.skipIf(Boolean(browserSkip))(`passkeys in headless Chromium${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  let app: ReturnType<typeof copyExample>;
  let backend: RunningBackend;
  let outputs: any;
  let endpoint: string;
  let site: PageServer;
  let browser: Browser;
  let page: Page;
  const stamp = Date.now().toString(36);
  const alice = `alice-${stamp}@example.com`;
  const bob = `bob-${stamp}@example.com`;
  /** RespondToAuthChallenge WEB_AUTHN bodies the page sent */
  const assertions: { Session: string; ChallengeResponses: { USERNAME: string; CREDENTIAL: string } }[] = [];

  const wire = (op: string, body: object) => cognitoJson(endpoint, op, { ClientId: outputs.auth.user_pool_client_id, ...body });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: CognitoError) => `${e.name}: ${e.message}`,
    );
  const passkeySignIn = (username: string) =>
    call(page, 'signIn', { username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });

  async function register(email: string) {
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: await latestCode(Number(new URL(backend.urls.base).port), email) });
  }

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('HEARTH_REQUIRE_BROWSER=1 but Debian chromium is not installed (apt-get install chromium)');
    app = copyExample('user-profile');
    writeFileSync(join(app.dir, 'amplify/auth/resource.ts'), AUTH_RESOURCE);
    backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
    endpoint = outputs.custom.hearth.userPoolEndpoint;
    configureAmplify(outputs);
    await register(alice);
    await register(bob);
    site = await servePage({ entry: 'passkey-app.tsx', outDir: join(app.dir, 'web'), outputs, styles: [] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('request', (r) => {
      const body = r.postData();
      if (r.headers()['x-amz-target']?.endsWith('.RespondToAuthChallenge') && body?.includes('"WEB_AUTHN"'))
        assertions.push(JSON.parse(body));
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(site.url.replace('127.0.0.1', 'localhost'));
    await page.waitForSelector('body[data-ready=true]', { state: 'attached' });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await backend?.close();
    app?.remove();
  });

  it('writes web_authn with the localhost relying party into the outputs', () => {
    expect(outputs.auth.passwordless).toEqual({
      email_otp_enabled: false,
      sms_otp_enabled: false,
      web_authn: { relying_party_id: 'localhost', user_verification: 'preferred' },
    });
  });

  it('registers a passkey with associateWebAuthnCredential() and lists it', async () => {
    expect(await call(page, 'signIn', { username: alice, password: PASSWORD })).toMatchObject({ ok: true, value: { isSignedIn: true } });
    expect(await call(page, 'associateWebAuthnCredential')).toEqual({ ok: true, value: null });
    const listed = await call(page, 'listWebAuthnCredentials');
    expect(listed).toMatchObject({
      ok: true,
      value: { credentials: [{ relyingPartyId: 'localhost', authenticatorTransports: ['internal'] }] },
    });
    const [credential] = (listed as { value: { credentials: { credentialId: string; createdAt: string }[] } }).value.credentials;
    expect(credential?.credentialId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(Math.abs(Date.parse(credential?.createdAt ?? '') - Date.now())).toBeLessThan(60_000);
    await call(page, 'signOut');
  });

  it('signs in with the passkey (USER_AUTH, WEB_AUTHN) and no password', async () => {
    expect(await passkeySignIn(alice)).toEqual({ ok: true, value: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } });
    const session = await call(page, 'fetchAuthSession');
    expect(session).toMatchObject({ ok: true, value: { tokens: { idToken: { payload: { email: alice } } } } });
    expect(assertions).toHaveLength(1);
  });

  it('refuses the same assertion again: its signature counter is spent, and a new session wants a new challenge', async () => {
    const used = assertions[0];
    if (!used) throw new Error('no assertion captured');
    const again = wire('RespondToAuthChallenge', {
      ChallengeName: 'WEB_AUTHN',
      Session: used.Session,
      ChallengeResponses: used.ChallengeResponses,
    });
    expect(await refusal(again)).toBe(
      'NotAuthorizedException: Passkey authentication failed: the signature counter did not grow (a replayed assertion or a cloned passkey).',
    );
    const fresh = await wire('InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: alice, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    });
    expect(fresh.ChallengeName).toBe('WEB_AUTHN');
    const options = JSON.parse(fresh.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
    expect(options).toMatchObject({ rpId: 'localhost', allowCredentials: [{ type: 'public-key' }] });
    const replayed = wire('RespondToAuthChallenge', {
      ChallengeName: 'WEB_AUTHN',
      Session: fresh.Session,
      ChallengeResponses: used.ChallengeResponses,
    });
    expect(await refusal(replayed)).toMatch(/^NotAuthorizedException: Passkey authentication failed: .*challenge/i);
  });

  it("refuses one user's passkey for another user's sign-in", async () => {
    await call(page, 'signOut');
    expect(await call(page, 'signIn', { username: bob, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await call(page, 'associateWebAuthnCredential')).toMatchObject({ ok: true });
    await call(page, 'signOut');
    const bobs = await wire('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: bob, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    const alices = assertions[0]?.ChallengeResponses.CREDENTIAL ?? '';
    const answer = wire('RespondToAuthChallenge', {
      ChallengeName: 'WEB_AUTHN',
      Session: bobs.Session,
      ChallengeResponses: { USERNAME: bob, CREDENTIAL: alices },
    });
    expect(await refusal(answer)).toBe(
      'NotAuthorizedException: Passkey authentication failed: the passkey is not registered to this user.',
    );
    expect(await passkeySignIn(bob)).toMatchObject({ ok: true, value: { isSignedIn: true } });
  });

  it("deletes only the signed-in user's own passkey; without one, sign-in offers the other factors", async () => {
    const bobsId = ((await call(page, 'listWebAuthnCredentials')) as any).value.credentials[0].credentialId as string;
    await call(page, 'signOut');
    expect(await call(page, 'signIn', { username: alice, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await call(page, 'deleteWebAuthnCredential', { credentialId: bobsId })).toMatchObject({
      ok: false,
      name: 'ResourceNotFoundException',
    });
    const alicesId = ((await call(page, 'listWebAuthnCredentials')) as any).value.credentials[0].credentialId as string;
    expect(await call(page, 'deleteWebAuthnCredential', { credentialId: alicesId })).toEqual({ ok: true, value: null });
    expect(await call(page, 'listWebAuthnCredentials')).toEqual({ ok: true, value: { credentials: [] } });
    await call(page, 'signOut');
    expect(await passkeySignIn(alice)).toEqual({
      ok: true,
      value: {
        isSignedIn: false,
        nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] },
      },
    });
  });

  it("deletes a user's passkeys with the user", async () => {
    const signedIn = await wire('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: bob, PASSWORD } });
    const token = signedIn.AuthenticationResult.AccessToken as string;
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string };
    expect(await backend.db.webauthn.bySub(sub)).toHaveLength(1);
    await cognitoJson(endpoint, 'DeleteUser', { AccessToken: token });
    expect(await backend.db.webauthn.bySub(sub)).toEqual([]);
  });

  it('refuses registration without a valid access token, and a completion never started', async () => {
    expect(await refusal(cognitoJson(endpoint, 'StartWebAuthnRegistration', { AccessToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }))).toMatch(
      /^NotAuthorizedException/,
    );
    const fresh = await wire('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: alice, PASSWORD } });
    const completion = cognitoJson(endpoint, 'CompleteWebAuthnRegistration', {
      AccessToken: fresh.AuthenticationResult.AccessToken,
      Credential: { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'oA' } },
    });
    expect(await refusal(completion)).toMatch(/^WebAuthnChallengeNotFoundException/);
  });
});
