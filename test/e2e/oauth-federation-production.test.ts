/**
 * Real federation in production mode (what `hearth start` serves: no test identity provider): an `oidc`
 * provider whose issuer is a real OpenID Provider (the `oidc-provider` package) started by the test.
 * The browser's path is followed with fetch: /oauth2/authorize → the provider's login → back at
 * /oauth2/idpresponse → the app's callback with a code → /oauth2/token → tokens whose ID token carries
 * `identities`. A forged ID token, one for another client, and one replayed from an earlier sign-in
 * (another nonce) are each refused, sent back to the app as Cognito sends idpresponse errors.
 * The provider's token answers are tampered with by wrapping this process's fetch, as a man in the
 * middle (or a misbehaving provider) would; everything else is the real exchange.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { type OidcProviderProcess, startOidcProvider } from '../support/oidc-provider-process.js';
import { freePort } from '../support/sandbox-process.js';

const CALLBACK = 'http://localhost:3000/callback';
const RP = { clientId: 'hearth-corp', clientSecret: `corp-${randomBytes(8).toString('hex')}` };
const OTHER = { clientId: 'someone-else', clientSecret: 'other-secret' };
const ADMIN = { accessKeyId: 'HEARTHFEDADMIN', secretAccessKey: `admin-${randomBytes(12).toString('hex')}` };

const dir = join(repoRoot, 'test-artifacts', `oauth-fed-${randomBytes(4).toString('hex')}`);
let op: OidcProviderProcess;
let backend: RunningBackend;
let base: string;
let clientId: string;
let userPoolId: string;
let admin: CognitoIdentityProviderClient;
const realFetch = globalThis.fetch;
/** when set, rewrites the provider's token-endpoint answer before Hearth reads it */
let tamper: ((body: Record<string, unknown>) => Promise<Record<string, unknown>>) | undefined;

function appFiles(issuer: string): Record<string, string> {
  return {
    'package.json': '{"name":"oauth-fed-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
defineBackend({ auth });
`,
    'amplify/auth/resource.ts': `import { defineAuth, secret } from '@aws-amplify/backend';
export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      oidc: [{
        name: 'CorpSSO',
        clientId: '${RP.clientId}',
        clientSecret: secret('CORP_SSO_SECRET'),
        issuerUrl: '${issuer}',
        scopes: ['openid', 'email', 'profile'],
        attributeMapping: { email: 'email', fullname: 'name' },
      }],
      callbackUrls: ['${CALLBACK}'],
      logoutUrls: ['${CALLBACK}'],
    },
  },
});
`,
  };
}

beforeAll(async () => {
  const port = await freePort();
  const idpResponse = `http://127.0.0.1:${port}/oauth2/idpresponse`;
  op = await startOidcProvider({
    clients: [
      { ...RP, redirectUris: [idpResponse] },
      { ...OTHER, redirectUris: [idpResponse] },
    ],
    accounts: { alice: { email: 'alice@corp.example', email_verified: true, name: 'Alice Corp' } },
  });
  for (const [path, text] of Object.entries(appFiles(op.issuer))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  process.env.CORP_SSO_SECRET = RP.clientSecret;
  process.env.HEARTH_ADMIN_ACCESS_KEY_ID = ADMIN.accessKeyId;
  process.env.HEARTH_ADMIN_SECRET_ACCESS_KEY = ADMIN.secretAccessKey;
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    if (!tamper || String(input) !== `${op.issuer}/token`) return res;
    const body = await tamper((await res.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
  // production mode: no mailbox, no test identity provider
  backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port, mailbox: false, logger: silentLogger });
  base = backend.urls.base;
  const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
  clientId = outputs.auth.user_pool_client_id;
  userPoolId = outputs.auth.user_pool_id;
  admin = new CognitoIdentityProviderClient({ endpoint: base, region: outputs.auth.aws_region, credentials: ADMIN, maxAttempts: 1 });
}, 90_000);

afterAll(async () => {
  globalThis.fetch = realFetch;
  delete process.env.CORP_SSO_SECRET;
  delete process.env.HEARTH_ADMIN_ACCESS_KEY_ID;
  delete process.env.HEARTH_ADMIN_SECRET_ACCESS_KEY;
  admin?.destroy();
  await backend?.close();
  await op?.close();
  rmSync(dir, { recursive: true, force: true });
});

const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

/** A browser's trip: authorize → the provider (login as `sub`) → /oauth2/idpresponse → Hearth's answer. */
async function federatedSignIn(sub: string, verifier: string) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 'app-state-1',
    identity_provider: 'CorpSSO',
    code_challenge: challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  const toIdp = await fetch(`${base}/oauth2/authorize?${query}`, { redirect: 'manual' });
  expect(toIdp.status).toBe(302);
  const providerUrl = new URL(toIdp.headers.get('location') ?? '', base);
  expect(providerUrl.origin).toBe(op.issuer);
  // a browser carries the cookies Hearth set at authorize back to idpresponse
  const cookie = toIdp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const idpResponse = await op.login(providerUrl.href, { sub });
  expect(`${idpResponse.origin}${idpResponse.pathname}`).toBe(`${base}/oauth2/idpresponse`);
  const answer = await fetch(idpResponse.href, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { providerUrl, idpResponse, cookie, answer, back: new URL(answer.headers.get('location') ?? '', base) };
}

async function tokens(code: string, verifier: string) {
  const res = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** A sign-in whose provider answers the code exchange with `idToken` instead of the one it issued. */
async function signInWithIdToken(idToken: string): Promise<URL> {
  tamper = async (b) => ({ ...b, id_token: idToken });
  try {
    return (await federatedSignIn('alice', randomBytes(32).toString('base64url'))).back;
  } finally {
    tamper = undefined;
  }
}

/** Cognito sends an idpresponse failure back to the app's callback as `error` and `error_description`. */
function expectRefusedToApp(back: URL, description: RegExp) {
  expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
  expect(back.searchParams.get('code')).toBeNull();
  expect(back.searchParams.get('error')).toBe('invalid_request');
  expect(back.searchParams.get('error_description')).toMatch(description);
  expect(back.searchParams.get('state')).toBe('app-state-1');
}

describe('federation with a real OpenID Provider in production mode', () => {
  it('signs in through the provider and returns tokens whose ID token carries identities', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const { providerUrl, answer, back } = await federatedSignIn('alice', verifier);
    expect(providerUrl.searchParams.get('client_id')).toBe(RP.clientId);
    expect(providerUrl.searchParams.get('redirect_uri')).toBe(`${base}/oauth2/idpresponse`);
    expect(providerUrl.searchParams.get('nonce')).toBeTruthy();
    expect(providerUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(answer.status).toBe(302);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('app-state-1');
    const { status, body } = await tokens(back.searchParams.get('code') ?? '', verifier);
    expect(status).toBe(200);
    const id = decodeJwt(body.id_token ?? '');
    expect(id).toMatchObject({ 'cognito:username': 'corpsso_alice', email: 'alice@corp.example', name: 'Alice Corp', aud: clientId });
    expect(id.identities).toEqual([
      {
        userId: 'alice',
        providerName: 'CorpSSO',
        providerType: 'OIDC',
        issuer: op.issuer,
        primary: 'true',
        dateCreated: expect.any(String),
      },
    ]);
    expect(decodeJwt(body.access_token ?? '').username).toBe('corpsso_alice');
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'corpsso_alice' }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    // the user's own view through the access token (what fetchUserAttributes calls)
    const self = new CognitoIdentityProviderClient({
      endpoint: base,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const own = await self.send(new GetUserCommand({ AccessToken: body.access_token }));
    self.destroy();
    expect(own.Username).toBe('corpsso_alice');
    expect(own.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'alice@corp.example' }]));
  });

  it('the provider redirect cannot be replayed: a second use of the same idpresponse is refused', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const { idpResponse, cookie, back } = await federatedSignIn('alice', verifier);
    expect(back.searchParams.get('code')).toBeTruthy();
    const again = await fetch(idpResponse.href, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    // the state was spent: nothing says where the app is, so an error page answers (no redirect, no code)
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    expect(await again.text()).toContain('Sign-in error');
  });

  it('refuses a forged ID token (signed with a key the provider never published)', async () => {
    const forged = await op.forge({ sub: 'alice', aud: RP.clientId, nonce: 'whatever' });
    expectRefusedToApp(await signInWithIdToken(forged), /^Bad id_token: is not valid$/);
  });

  it('refuses a genuine ID token issued to another client (wrong audience)', async () => {
    const other = await op.tokens({ clientId: OTHER.clientId, sub: 'alice' });
    expectRefusedToApp(await signInWithIdToken(other.idToken), /^Bad id_token: is not for this client$/);
  });

  it('refuses an ID token replayed from an earlier sign-in (its nonce is not this sign-in’s)', async () => {
    let earlier = '';
    tamper = async (b) => {
      earlier = String(b.id_token);
      return b;
    };
    await federatedSignIn('alice', randomBytes(32).toString('base64url')).finally(() => {
      tamper = undefined;
    });
    expectRefusedToApp(await signInWithIdToken(earlier), /^Bad id_token: nonce does not match$/);
  });

  it('an identity linked to a native user with AdminLinkProviderForUser signs in as that user', async () => {
    const created = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: 'bob@example.com',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
      }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'bob@example.com', Password: 'Passw0rd!', Permanent: true }),
    );
    await admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: userPoolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'bob@example.com' },
        SourceUser: { ProviderName: 'CorpSSO', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bob' },
      }),
    );
    const verifier = randomBytes(32).toString('base64url');
    const { back } = await federatedSignIn('bob', verifier);
    const id = decodeJwt((await tokens(back.searchParams.get('code') ?? '', verifier)).body.id_token ?? '');
    const sub = created.User?.Username;
    expect(id).toMatchObject({ sub, 'cognito:username': sub, email: 'bob@example.com' });
    expect(id.identities).toEqual([expect.objectContaining({ userId: 'bob', providerName: 'CorpSSO', primary: 'false' })]);
  });
});
