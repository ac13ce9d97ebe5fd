/**
 * The user pool's OAuth endpoints over plain HTTP, as a browser and an app's token request reach them:
 * the sandbox's test identity provider and the hosted sign-in page end in a code, the code is redeemed
 * once with its PKCE verifier, and each misuse is refused with the OAuth error Cognito sends.
 * The clock is injected, so the 5-minute expiry of a code is tested without waiting.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeAuthOnlyApp } from '../support/auth-only-app.js';
import { latestCode } from '../support/mailbox.js';

const CALLBACK = 'http://localhost:3000/callback';
const SIGNED_OUT = 'http://localhost:3000/bye';

const authResource = `import { defineAuth, secret } from '@aws-amplify/backend';
export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: { clientId: secret('GOOGLE_CLIENT_ID'), clientSecret: secret('GOOGLE_CLIENT_SECRET'), attributeMapping: { fullname: 'name' } },
      oidc: [{ name: 'CorpSSO', clientId: 'corp', clientSecret: secret('CORP_SECRET'), issuerUrl: 'https://sso.corp.example', identifiers: ['corp.example'] }],
      callbackUrls: ['${CALLBACK}'],
      logoutUrls: ['${SIGNED_OUT}'],
    },
  },
});
`;

const dir = join(repoRoot, 'test-artifacts', `oauth-${randomBytes(4).toString('hex')}`);
let backend: RunningBackend;
let now = Date.UTC(2026, 0, 1);
const clock = { now: () => now };
let base: string;
let clientId: string;
let port: number;

beforeAll(async () => {
  writeAuthOnlyApp(dir, authResource);
  backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger, clock });
  base = backend.urls.base;
  port = Number(new URL(base).port);
  clientId = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
}, 60_000);

afterAll(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

const verifier = () => randomBytes(48).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

function authorizeQuery(o: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 'st-42_x.y~z',
    ...o,
  }).toString();
}

async function get(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { redirect: 'manual' });
}

async function postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** authorize → test IdP page → a made-up identity → back to the app with a code. */
async function testIdpCode(o: { provider?: string; email: string; name?: string; verifier?: string; nonce?: string }): Promise<URL> {
  const extra: Record<string, string> = { identity_provider: o.provider ?? 'Google' };
  if (o.verifier) Object.assign(extra, { code_challenge: challengeOf(o.verifier), code_challenge_method: 'S256' });
  if (o.nonce) extra.nonce = o.nonce;
  const toIdp = await get(`/oauth2/authorize?${authorizeQuery(extra)}`);
  expect(toIdp.status).toBe(302);
  const idpPage = toIdp.headers.get('location') ?? '';
  expect(idpPage).toMatch(/^\/oauth2\/test-idp\//);
  const back = await postForm(idpPage, { email: o.email, name: o.name ?? '' });
  expect(back.status).toBe(302);
  return new URL(back.headers.get('location') ?? '');
}

async function exchange(code: string, o: { verifier?: string; redirectUri?: string; clientId?: string } = {}) {
  const res = await postForm('/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    client_id: o.clientId ?? clientId,
    redirect_uri: o.redirectUri ?? CALLBACK,
    ...(o.verifier && { code_verifier: o.verifier }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('OAuth endpoints of the sandbox', () => {
  it('serves discovery under the issuer, whose jwks verify the tokens, and writes the oauth outputs', async () => {
    const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
    expect(outputs.auth.oauth).toMatchObject({ identity_providers: ['GOOGLE'], domain: new URL(base).host, response_type: 'code' });
    const issuer = `${base}/${outputs.auth.user_pool_id}`;
    const doc = (await (await get(`/${outputs.auth.user_pool_id}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc.issuer).toBe(issuer);
    expect(doc.token_endpoint).toBe(`${base}/oauth2/token`);
    const v = verifier();
    const code = (await testIdpCode({ email: 'ada@example.com', name: 'Ada', verifier: v, nonce: 'n-0S6' })).searchParams.get('code') ?? '';
    const { body } = await exchange(code, { verifier: v });
    const { payload } = await jwtVerify(body.id_token ?? '', createRemoteJWKSet(new URL(doc.jwks_uri ?? '')), {
      issuer,
      audience: clientId,
      currentDate: new Date(now),
    });
    expect(payload.nonce).toBe('n-0S6');
  });

  it('signs in through the test provider: code and state back, tokens with the granted scopes, nonce and at_hash', async () => {
    const v = verifier();
    const back = await testIdpCode({ email: 'grace@example.com', name: 'Grace Hopper', verifier: v, nonce: 'abc' });
    expect(back.origin + back.pathname).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('st-42_x.y~z');
    const { status, body } = await exchange(back.searchParams.get('code') ?? '', { verifier: v });
    expect(status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    const access = decodeJwt(body.access_token ?? '');
    expect(access.scope).toBe('openid email profile');
    expect(access.token_use).toBe('access');
    const id = decodeJwt(body.id_token ?? '');
    expect(id).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', nonce: 'abc', aud: clientId });
    expect(String(id['cognito:username'])).toMatch(/^google_\d+$/);
    expect(id.at_hash).toBe(
      createHash('sha256')
        .update(body.access_token ?? '')
        .digest()
        .subarray(0, 16)
        .toString('base64url'),
    );
    const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(await info.json()).toMatchObject({ email: 'grace@example.com', sub: id.sub });
  });

  it('lists an identity used before on the test page and signs it in as the same user', async () => {
    const first = await testIdpCode({ email: 'linus@example.com', name: 'Linus' });
    const firstSub = decodeJwt((await exchange(first.searchParams.get('code') ?? '')).body.access_token ?? '').sub;
    const pagePath = `/oauth2/test-idp/Google?${authorizeQuery({ identity_provider: 'Google' })}`;
    const html = await (await get(pagePath)).text();
    const userId = /name="userId" value="(\d+)">Linus &lt;linus@example.com&gt;/.exec(html)?.[1] ?? '';
    expect(html).toContain('linus@example.com');
    const again = new URL((await postForm(pagePath, { userId })).headers.get('location') ?? '');
    expect(decodeJwt((await exchange(again.searchParams.get('code') ?? '')).body.access_token ?? '').sub).toBe(firstSub);
  });

  it('a second provider (OIDC, chosen by idp_identifier) makes its own user', async () => {
    const toIdp = await get(`/oauth2/authorize?${authorizeQuery({ idp_identifier: 'corp.example' })}`);
    expect(toIdp.headers.get('location')).toMatch(/^\/oauth2\/test-idp\/CorpSSO\?/);
    const back = await testIdpCode({ provider: 'CorpSSO', email: 'grace@example.com' });
    const id = decodeJwt((await exchange(back.searchParams.get('code') ?? '')).body.id_token ?? '');
    expect(String(id['cognito:username'])).toMatch(/^corpsso_\d+$/);
  });

  it('refuses a replayed code, a wrong PKCE verifier, another redirect_uri and an expired code with invalid_grant', async () => {
    const v = verifier();
    const code = (await testIdpCode({ email: 'r@example.com', verifier: v })).searchParams.get('code') ?? '';
    expect((await exchange(code, { verifier: v })).status).toBe(200);
    expect(await exchange(code, { verifier: v })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.any(String) },
    });

    const wrong = (await testIdpCode({ email: 'r@example.com', verifier: v })).searchParams.get('code') ?? '';
    expect((await exchange(wrong, { verifier: verifier() })).body.error).toBe('invalid_grant');
    // the failed attempt spent the code: the right verifier is too late
    expect((await exchange(wrong, { verifier: v })).body.error).toBe('invalid_grant');

    const other = (await testIdpCode({ email: 'r@example.com' })).searchParams.get('code') ?? '';
    expect((await exchange(other, { redirectUri: 'http://localhost:3000/elsewhere' })).body.error).toBe('invalid_grant');

    const late = (await testIdpCode({ email: 'r@example.com' })).searchParams.get('code') ?? '';
    now += 5 * 60 * 1000 + 1000;
    expect((await exchange(late)).body.error).toBe('invalid_grant');
    const fresh = (await testIdpCode({ email: 'r@example.com' })).searchParams.get('code') ?? '';
    expect((await exchange(fresh)).status).toBe(200);
  });

  it('refuses a bad redirect_uri on a page (never redirecting to it), an unknown client, and a bad scope back to the app with state', async () => {
    const bad = await get(`/oauth2/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    expect(await bad.text()).toContain('redirect_mismatch');
    const unknown = await get(`/oauth2/authorize?${authorizeQuery({ client_id: 'nope' })}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client');
    const scope = new URL((await get(`/oauth2/authorize?${authorizeQuery({ scope: 'openid calendar' })}`)).headers.get('location') ?? '');
    expect(scope.searchParams.get('error')).toBe('invalid_scope');
    expect(scope.searchParams.get('state')).toBe('st-42_x.y~z');
    const idp = new URL((await get(`/oauth2/authorize?${authorizeQuery({ identity_provider: 'Twitter' })}`)).headers.get('location') ?? '');
    const silent = new URL((await get(`/oauth2/authorize?${authorizeQuery({ prompt: 'none' })}`)).headers.get('location') ?? '');
    expect(silent.searchParams.get('error')).toBe('login_required');
    const malformed = await get(`/oauth2/test-idp/%E0%A4%A?${authorizeQuery()}`);
    expect(malformed.status).toBe(400);
    expect(idp.searchParams.get('error')).toBe('invalid_request');
  });

  it('the token endpoint: unknown client, client_credentials without a secret, unknown grant, missing code', async () => {
    expect((await exchange('whatever', { clientId: 'nope' })).body.error).toBe('invalid_client');
    const cc = await postForm('/oauth2/token', { grant_type: 'client_credentials', client_id: clientId });
    expect(await cc.json()).toMatchObject({ error: 'unauthorized_client' });
    const pw = await postForm('/oauth2/token', { grant_type: 'password', client_id: clientId });
    expect(await pw.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: clientId });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const info = await fetch(`${base}/oauth2/userInfo`);
    expect(info.status).toBe(401);
    expect(await info.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('refresh_token grant, then revoke ends the session (the refresh token and its access tokens)', async () => {
    const code = (await testIdpCode({ email: 'rev@example.com' })).searchParams.get('code') ?? '';
    const { body } = await exchange(code);
    const refreshed = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: body.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(200);
    const again = (await refreshed.json()) as Record<string, string>;
    expect(again).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String) });
    // refreshed tokens keep the scopes granted at sign-in, at /oauth2/token and through the Cognito API (as Amplify refreshes)
    expect(decodeJwt(again.access_token ?? '').scope).toBe('openid email profile');
    const cognito = new CognitoIdentityProviderClient({
      endpoint: backend.urls.cognito,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const viaApi = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: body.refresh_token ?? '' },
      }),
    );
    const apiAccess = viaApi.AuthenticationResult?.AccessToken ?? '';
    expect(decodeJwt(apiAccess).scope).toBe('openid email profile');
    expect((await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${apiAccess}` } })).status).toBe(200);
    const otherClient = await postForm('/oauth2/revoke', { token: body.refresh_token ?? '', client_id: 'nope' });
    expect(await otherClient.json()).toMatchObject({ error: 'invalid_client' });
    expect((await postForm('/oauth2/revoke', { token: body.refresh_token ?? '', client_id: clientId })).status).toBe(200);
    const after = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: body.refresh_token ?? '',
    });
    expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(401);
  });

  it('the hosted page signs in an email/password user; a wrong password stays on the page', async () => {
    const cognito = new CognitoIdentityProviderClient({
      endpoint: backend.urls.cognito,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'pat@example.com', Password: 'Correct-horse-9' }));
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'pat@example.com',
        ConfirmationCode: await latestCode(port, 'pat@example.com'),
      }),
    );
    const toLogin = await get(`/oauth2/authorize?${authorizeQuery()}`);
    const loginPath = toLogin.headers.get('location') ?? '';
    expect(loginPath).toMatch(/^\/login\?/);
    const form = await (await get(loginPath)).text();
    expect(form).toContain('name="password"');
    expect(form).toContain('Continue with Google');
    const wrong = await postForm(loginPath, { username: 'pat@example.com', password: 'Wrong-horse-9' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Incorrect username or password.');
    const ok = await postForm(loginPath, { username: 'pat@example.com', password: 'Correct-horse-9' });
    const back = new URL(ok.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('st-42_x.y~z');
    const { body } = await exchange(back.searchParams.get('code') ?? '');
    expect(decodeJwt(body.id_token ?? '')).toMatchObject({ email: 'pat@example.com' });
  });

  it('the hosted page counts password posts against the sign-in rate limit (per username, as InitiateAuth)', async () => {
    const loginPath = `/login?${authorizeQuery()}`;
    const statuses: number[] = [];
    // the injected clock stands still, so the per-username bucket (10 a second) does not refill
    for (let i = 0; i < 11; i++)
      statuses.push((await postForm(loginPath, { username: 'flood@example.com', password: 'Wrong-horse-9' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // another user is not held back
    expect((await postForm(loginPath, { username: 'calm@example.com', password: 'Wrong-horse-9' })).status).toBe(400);
  });

  it('answers the https:// URL Amplify builds too (TLS on the same port), for browsers without the Navigation API', async () => {
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const url = `https://127.0.0.1:${port}/oauth2/authorize?${authorizeQuery({ login_hint: 'hint@example.com' })}`;
      // the sandbox's certificate is self-signed: a browser asks once, this test does not
      httpsGet(url, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.headers.location);
      }).on('error', reject);
    });
    expect(location).toMatch(/^\/login\?/);
    expect(await (await get(location ?? '')).text()).toContain('value="hint@example.com"');
  });

  it('/logout sends the browser to a configured sign-out URL only', async () => {
    const ok = await get(`/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(SIGNED_OUT);
    const bad = await get(`/logout?${new URLSearchParams({ client_id: clientId, logout_uri: 'https://evil.example/' })}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    expect(await bad.text()).toContain('redirect_mismatch');
  });
});
