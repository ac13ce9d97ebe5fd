/**
 * The relying party against a real OpenID Provider (the `oidc-provider` package on 127.0.0.1): the
 * whole authorization-code flow with PKCE and nonce, and each way an ID token or a code exchange is
 * refused. Facebook's OAuth 2 flow runs against a small stand-in for the Graph API on 127.0.0.1
 * (the real one is out of reach in tests; its URLs come from HEARTH_FACEBOOK_*_URL as in production).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClockFake } from '../../../test/support/auth-fakes.js';
import { type OidcProviderProcess, startOidcProvider } from '../../../test/support/oidc-provider-process.js';
import type { KeyStore } from '../../db/ports.js';
import { appleClientSecret } from './apple-client-secret.js';
import { createRelyingParty, type RelyingPartyProvider } from './relying-party.js';
import type { HttpFetch } from './token-request.js';

const REDIRECT = 'http://127.0.0.1:9/oauth2/idpresponse';
const CLIENT = { clientId: 'hearth-rp', clientSecret: 'rp-secret-123', redirectUris: [REDIRECT] };
const OTHER = { clientId: 'other-rp', clientSecret: 'other-secret', redirectUris: [REDIRECT] };

let op: OidcProviderProcess;
beforeAll(async () => {
  op = await startOidcProvider({
    clients: [CLIENT, OTHER],
    accounts: { alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' } },
  });
});
afterAll(() => op.close());

function memoryKeys(): KeyStore {
  const m = new Map<string, string>();
  return {
    async getOrCreate(name, make) {
      if (!m.has(name)) m.set(name, await make());
      return m.get(name)!;
    },
  };
}

const oidc = (o: Partial<RelyingPartyProvider> = {}): RelyingPartyProvider => ({
  name: 'MyOIDC',
  type: 'OIDC',
  clientId: { value: CLIENT.clientId },
  clientSecret: { secret: 'MYOIDC_SECRET' },
  issuerUrl: op.issuer,
  scopes: ['openid', 'email', 'profile'],
  attributeMapping: { email: 'email' },
  ...o,
});

interface Party {
  provider?: Partial<RelyingPartyProvider>;
  clock?: ClockFake;
  /** rewrites what the provider answers (a man in the middle, or a misbehaving provider) */
  tamper?: (url: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

function party(p: Party = {}) {
  const fetchFn: HttpFetch = async (url, init) => {
    const res = await fetch(url, init);
    if (!p.tamper || !res.headers.get('content-type')?.includes('json')) return res;
    const body = await p.tamper(url, (await res.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
  const clock = p.clock ?? new ClockFake(Date.now());
  return createRelyingParty(oidc(p.provider), { clock, env: { MYOIDC_SECRET: CLIENT.clientSecret }, keys: memoryKeys(), fetch: fetchFn });
}

/** Authorization URL → the provider's login → the code it sends back. */
async function codeFor(rp: ReturnType<typeof party>, nonce: string, state = 'state-1') {
  const url = new URL(await rp.authorizationUrl({ redirectUri: REDIRECT, state, nonce }));
  const back = await op.login(url.href, { sub: 'alice' });
  return { url, back, code: back.searchParams.get('code') ?? '' };
}

describe('OIDC relying party against a real provider', () => {
  it('asks for a code with state, nonce and PKCE, and turns the code into the verified identity', async () => {
    const rp = party();
    const { url, back, code } = await codeFor(rp, 'nonce-1');
    expect(url.origin).toBe(op.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'hearth-rp',
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge_method: 'S256',
    });
    expect(back.searchParams.get('state')).toBe('state-1');
    const identity = await rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-1' });
    expect(identity).toMatchObject({ providerName: 'MyOIDC', providerType: 'OIDC', userId: 'alice', issuer: op.issuer });
    expect(identity.claims).toMatchObject({ sub: 'alice', email: 'alice@example.com', name: 'Alice' });
  });

  it('a code is good once: the replay is refused by the provider', async () => {
    const rp = party();
    const { code } = await codeFor(rp, 'nonce-2');
    await rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-2' });
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-2' })).rejects.toMatchObject({
      code: 'NotAuthorized',
      message: 'Bad token response: HTTP 400 (invalid_grant)',
    });
  });

  it('another nonce at the callback fails the PKCE proof (the verifier is derived from the nonce)', async () => {
    const rp = party();
    const { code } = await codeFor(rp, 'nonce-3');
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-other' })).rejects.toMatchObject({
      message: 'Bad token response: HTTP 400 (invalid_grant)',
    });
  });

  it('without PKCE, an ID token carrying another nonce is refused', async () => {
    const noPkce = async (url: string, body: Record<string, unknown>) => {
      if (url.endsWith('/.well-known/openid-configuration')) delete body.code_challenge_methods_supported;
      return body;
    };
    const rp = party({ tamper: noPkce });
    const { url, code } = await codeFor(rp, 'nonce-4');
    expect(url.searchParams.has('code_challenge')).toBe(false);
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'replayed-nonce' })).rejects.toMatchObject({
      code: 'NotAuthorized',
      message: 'Bad id_token: nonce does not match',
    });
  });

  it('refuses a forged ID token (a key the provider never published)', async () => {
    const forged = await op.forge({ sub: 'alice', aud: CLIENT.clientId, nonce: 'nonce-5' });
    const rp = party({ tamper: async (url, b) => (url.endsWith('/token') ? { ...b, id_token: forged } : b) });
    const { code } = await codeFor(rp, 'nonce-5');
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-5' })).rejects.toMatchObject({
      code: 'NotAuthorized',
      message: expect.stringMatching(/^Bad id_token: /),
    });
  });

  it('refuses a genuine ID token issued to another client (wrong audience)', async () => {
    const other = await op.tokens({ clientId: OTHER.clientId, sub: 'alice', nonce: 'nonce-6' });
    const rp = party({ tamper: async (url, b) => (url.endsWith('/token') ? { ...b, id_token: other.idToken } : b) });
    const { code } = await codeFor(rp, 'nonce-6');
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-6' })).rejects.toMatchObject({
      message: 'Bad id_token: is not for this client',
    });
  });

  it('refuses an expired ID token', async () => {
    const clock = new ClockFake(Date.now());
    const rp = party({ clock });
    const { code } = await codeFor(rp, 'nonce-7');
    clock.advance(2 * 3600_000);
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-7' })).rejects.toMatchObject({
      message: 'Bad id_token: has expired',
    });
  });

  it('refuses when the provider does not accept the client secret', async () => {
    const rp = createRelyingParty(oidc(), { clock: new ClockFake(Date.now()), env: { MYOIDC_SECRET: 'wrong' }, keys: memoryKeys() });
    const { code } = await codeFor(rp, 'nonce-8');
    await expect(rp.complete({ code, redirectUri: REDIRECT, nonce: 'nonce-8' })).rejects.toMatchObject({
      message: 'Bad token response: HTTP 401 (invalid_client)',
    });
  });

  it('refuses an issuer whose discovery document names another issuer', async () => {
    const rp = party({ tamper: async (url, b) => (url.endsWith('openid-configuration') ? { ...b, issuer: 'https://evil.example' } : b) });
    await expect(rp.authorizationUrl({ redirectUri: REDIRECT, state: 's', nonce: 'n' })).rejects.toMatchObject({ code: 'NotAuthorized' });
  });
});

describe('building the relying parties at start', () => {
  const deps = { clock: new ClockFake(), env: {}, keys: memoryKeys() };
  it('refuses SAML with an error naming the file', () => {
    expect(() => createRelyingParty({ name: 'Corp', type: 'SAML', attributeMapping: {} }, deps)).toThrow(
      /amplify\/auth\/resource\.ts: externalProviders saml \(Corp\): SAML federation is not supported/,
    );
  });
  it('refuses a provider whose secret is not in the environment', () => {
    expect(() => createRelyingParty(oidc(), deps)).toThrow(/the secret MYOIDC_SECRET is not set in the environment/);
  });
  it('Google is an OpenID Provider at its fixed issuer, overridable for tests', async () => {
    const rp = createRelyingParty(
      {
        name: 'Google',
        type: 'Google',
        clientId: { value: CLIENT.clientId },
        clientSecret: { value: CLIENT.clientSecret },
        attributeMapping: {},
      },
      { ...deps, clock: new ClockFake(Date.now()), env: { HEARTH_GOOGLE_ISSUER: op.issuer } },
    );
    const url = new URL(await rp.authorizationUrl({ redirectUri: REDIRECT, state: 's', nonce: 'n' }));
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    const identity = await rp.complete({
      code: (await op.login(url.href, { sub: 'alice' })).searchParams.get('code')!,
      redirectUri: REDIRECT,
      nonce: 'n',
    });
    expect(identity).toMatchObject({ providerName: 'Google', providerType: 'Google', userId: 'alice' });
  });
});

describe('Sign in with Apple client secret', () => {
  it('is an ES256 JWT from the team, for the services id, to Apple, reused until near expiry', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const clock = new ClockFake(Date.now());
    const make = appleClientSecret(
      {
        teamId: 'TEAM123',
        keyId: 'KEY456',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        clientId: 'com.example.web',
        audience: 'https://appleid.apple.com',
      },
      clock,
    );
    const jwt = await make();
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: 'KEY456' });
    const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'ES256');
    const { payload } = await jwtVerify(jwt, key, { currentDate: new Date(clock.now()) });
    expect(payload).toMatchObject({ iss: 'TEAM123', sub: 'com.example.web', aud: 'https://appleid.apple.com' });
    expect(await make()).toBe(jwt);
    clock.advance(31 * 86_400_000);
    expect(await make()).not.toBe(jwt);
  });
});

describe('Facebook and Login with Amazon (OAuth 2 with a profile endpoint)', () => {
  let graph: Server;
  let base: string;
  const seen: { tokenBody?: URLSearchParams; fields?: string | null } = {};
  beforeAll(async () => {
    graph = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/oauth/access_token') {
        let raw = '';
        req.on('data', (c) => {
          raw += c;
        });
        req.on('end', () => {
          seen.tokenBody = new URLSearchParams(raw);
          const ok = seen.tokenBody.get('client_secret') === 'fb-secret' && seen.tokenBody.get('code') === 'fb-code';
          json(ok ? 200 : 400, ok ? { access_token: 'fb-token', token_type: 'bearer' } : { error: 'invalid_code' });
        });
        return;
      }
      if (url.pathname === '/me') {
        seen.fields = url.searchParams.get('fields');
        if (req.headers.authorization !== 'Bearer fb-token') return json(401, { error: 'bad token' });
        return json(200, { id: '10001', name: 'Fay', email: 'fay@example.com' });
      }
      if (url.pathname === '/user/profile') {
        if (req.headers.authorization !== 'Bearer fb-token') return json(401, { error: 'bad token' });
        return json(200, { user_id: 'amzn1.account.AEXAMPLE', name: 'Amy', email: 'amy@example.com' });
      }
      json(404, {});
    });
    await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => graph.close(() => r())));

  const facebook = () =>
    createRelyingParty(
      {
        name: 'Facebook',
        type: 'Facebook',
        clientId: { value: 'fb-app' },
        clientSecret: { secret: 'FB_SECRET' },
        attributeMapping: { email: 'email', name: 'name' },
      },
      {
        clock: new ClockFake(),
        keys: memoryKeys(),
        env: {
          FB_SECRET: 'fb-secret',
          HEARTH_FACEBOOK_AUTHORIZE_URL: `${base}/dialog/oauth`,
          HEARTH_FACEBOOK_TOKEN_URL: `${base}/oauth/access_token`,
          HEARTH_FACEBOOK_PROFILE_URL: `${base}/me`,
        },
      },
    );

  it('authorizes at the dialog, exchanges the code with the secret, and takes the subject from the profile id', async () => {
    const rp = facebook();
    const url = new URL(await rp.authorizationUrl({ redirectUri: REDIRECT, state: 'fb-state', nonce: 'n' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${base}/dialog/oauth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'fb-app', state: 'fb-state', scope: 'public_profile email' });
    const identity = await rp.complete({ code: 'fb-code', redirectUri: REDIRECT, nonce: 'n' });
    expect(identity).toMatchObject({
      providerName: 'Facebook',
      providerType: 'Facebook',
      userId: '10001',
      claims: { email: 'fay@example.com' },
    });
    expect(seen.tokenBody?.get('redirect_uri')).toBe(REDIRECT);
    expect(seen.fields?.split(',').sort()).toEqual(['email', 'id', 'name']);
  });

  it('refuses a code the provider does not accept', async () => {
    await expect(facebook().complete({ code: 'stolen', redirectUri: REDIRECT, nonce: 'n' })).rejects.toMatchObject({
      message: 'Bad token response: HTTP 400 (invalid_code)',
    });
  });

  it('Login with Amazon takes the subject from the profile user_id', async () => {
    const rp = createRelyingParty(
      {
        name: 'LoginWithAmazon',
        type: 'LoginWithAmazon',
        clientId: { value: 'amzn-app' },
        clientSecret: { value: 'fb-secret' },
        attributeMapping: { email: 'email' },
      },
      {
        clock: new ClockFake(),
        keys: memoryKeys(),
        env: {
          HEARTH_AMAZON_AUTHORIZE_URL: `${base}/ap/oa`,
          HEARTH_AMAZON_TOKEN_URL: `${base}/oauth/access_token`,
          HEARTH_AMAZON_PROFILE_URL: `${base}/user/profile`,
        },
      },
    );
    const url = new URL(await rp.authorizationUrl({ redirectUri: REDIRECT, state: 'amzn-state', nonce: 'n' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${base}/ap/oa`);
    expect(url.searchParams.get('scope')).toBe('profile');
    const identity = await rp.complete({ code: 'fb-code', redirectUri: REDIRECT, nonce: 'n' });
    expect(identity).toMatchObject({
      providerName: 'LoginWithAmazon',
      userId: 'amzn1.account.AEXAMPLE',
      claims: { email: 'amy@example.com' },
    });
  });
});
