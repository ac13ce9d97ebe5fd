/**
 * `hearth start` run as an operator runs it (the built CLI, a child process) with an `oidc` provider
 * served by a real OpenID Provider: a sign-in through the provider ends in tokens with `identities`;
 * a provider secret missing from the environment, and a SAML provider, each stop the start with an
 * error naming amplify/auth/resource.ts. (Tampered provider answers are tested in
 * oauth-federation-production.test.ts, in process.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';
import { type OidcProviderProcess, startOidcProvider } from '../support/oidc-provider-process.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, startSandbox } from '../support/sandbox-process.js';

const CALLBACK = 'http://localhost:3000/callback';
const RP = { clientId: 'hearth-cli', clientSecret: `cli-${randomBytes(8).toString('hex')}` };
const root = join(repoRoot, 'test-artifacts', `oauth-fed-cli-${randomBytes(4).toString('hex')}`);
let op: OidcProviderProcess;
/** one port per engine, known before the provider starts (its client lists the idpresponse URLs) */
const ports: Record<string, number> = {};

function writeApp(dir: string, providers: string): void {
  const files: Record<string, string> = {
    'package.json': '{"name":"oauth-fed-cli","type":"module"}',
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
      ${providers}
      callbackUrls: ['${CALLBACK}'],
      logoutUrls: ['${CALLBACK}'],
    },
  },
});
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const oidcProvider = () => `oidc: [{
        name: 'Okta',
        clientId: '${RP.clientId}',
        clientSecret: secret('OKTA_SECRET'),
        issuerUrl: '${op.issuer}',
        scopes: ['openid', 'email', 'profile'],
      }],`;

beforeAll(async () => {
  for (const e of E2E_ENGINES) ports[e.name] = await freePort();
  op = await startOidcProvider({
    clients: [{ ...RP, redirectUris: Object.values(ports).map((p) => `http://127.0.0.1:${p}/oauth2/idpresponse`) }],
    accounts: { carol: { email: 'carol@okta.example', email_verified: true, name: 'Carol' } },
  });
});
afterAll(async () => {
  await op?.close();
  rmSync(root, { recursive: true, force: true });
});

/** `hearth start` that must fail: its exit code and everything it printed. */
async function failedStart(dir: string, env: Record<string, string> = {}): Promise<string> {
  const p = startSandbox({ cwd: dir, port: await freePort(), command: 'start', env });
  const err = await p.then(
    async (running) => {
      await running.stop();
      throw new Error(`hearth start was ready:\n${running.output()}`);
    },
    (e: Error) => e.message,
  );
  return err;
}

describe('hearth start with federation', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  for (const { name: engine, skip } of E2E_ENGINES)
    it.skipIf(Boolean(skip))(
      `signs a user in through the real provider and answers tokens carrying identities (${engine}${skip ? `, skipped: ${skip}` : ''})`,
      async () => {
        const dir = join(root, `ok-${engine}`);
        writeApp(dir, oidcProvider());
        const db = await databaseFor(engine);
        cleanups.push(db.drop);
        const port = ports[engine] as number;
        const hearth = await startSandbox({
          cwd: dir,
          port,
          command: 'start',
          databaseUrl: db.url,
          env: { OKTA_SECRET: RP.clientSecret, HEARTH_RATE_LIMITS: 'off' },
        });
        cleanups.unshift(() => hearth.stop());
        const base = `http://127.0.0.1:${port}`;
        const clientId = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
        const verifier = randomBytes(32).toString('base64url');
        const query = new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: CALLBACK,
          scope: 'openid email profile',
          state: 'cli-state',
          identity_provider: 'Okta',
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        });
        const toIdp = await fetch(`${base}/oauth2/authorize?${query}`, { redirect: 'manual' });
        expect(toIdp.status).toBe(302);
        const idpResponse = await op.login(toIdp.headers.get('location') ?? '', { sub: 'carol' });
        const answer = await fetch(idpResponse.href, { redirect: 'manual' });
        const back = new URL(answer.headers.get('location') ?? '');
        expect(back.searchParams.get('state')).toBe('cli-state');
        const res = await fetch(`${base}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: back.searchParams.get('code') ?? '',
            client_id: clientId,
            redirect_uri: CALLBACK,
            code_verifier: verifier,
          }),
        });
        expect(res.status).toBe(200);
        const id = decodeJwt(((await res.json()) as { id_token: string }).id_token);
        expect(id).toMatchObject({ 'cognito:username': 'okta_carol', email: 'carol@okta.example' });
        expect(id.identities).toEqual([
          expect.objectContaining({ userId: 'carol', providerName: 'Okta', providerType: 'OIDC', issuer: op.issuer }),
        ]);
      },
    );

  it('refuses to start when a provider secret is not in the environment, naming the file and the secret', async () => {
    const dir = join(root, 'no-secret');
    writeApp(dir, oidcProvider());
    const out = await failedStart(dir);
    expect(out).toContain('amplify/auth/resource.ts');
    expect(out).toContain('OKTA_SECRET');
  });

  it('refuses to start with a SAML provider, saying so and naming the file', async () => {
    const dir = join(root, 'saml');
    writeApp(
      dir,
      `saml: { name: 'CorpSAML', metadata: { metadataType: 'URL', metadataContent: 'https://idp.corp.example/metadata.xml' } },`,
    );
    const out = await failedStart(dir);
    expect(out).toMatch(/amplify\/auth\/resource\.ts: externalProviders saml \(CorpSAML\): SAML federation is not supported/);
  });
});
