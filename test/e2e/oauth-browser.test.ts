/**
 * Sign-in with redirect in headless Chromium against the sandbox's test identity provider, with the
 * unmodified aws-amplify v6 client (test/browser/oauth-app.tsx): Google and a custom OIDC provider,
 * each through the provider's test page and back to the app with a session; the hosted page for an
 * email/password user; and `signOut({ global: true })`, after which the old access token is refused.
 * The app is served from its own origin, as a front-end dev server would serve it.
 *
 * Needs Debian's `chromium`; skipped (saying why) without it unless HEARTH_REQUIRE_BROWSER=1.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeAuthOnlyApp } from '../support/auth-only-app.js';
import { browserSkip, CHROMIUM } from '../support/browser-page.js';
import { latestCode } from '../support/mailbox.js';
import { freePort } from '../support/sandbox-process.js';

const authResource = (appUrl: string) => `import { defineAuth, secret } from '@aws-amplify/backend';
export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: { clientId: secret('GOOGLE_CLIENT_ID'), clientSecret: secret('GOOGLE_CLIENT_SECRET'), attributeMapping: { fullname: 'name' } },
      oidc: [{ name: 'CorpSSO', clientId: 'corp', clientSecret: secret('CORP_SECRET'), issuerUrl: 'https://sso.corp.example' }],
      callbackUrls: ['${appUrl}'],
      logoutUrls: ['${appUrl}'],
    },
  },
});
`;

const dir = join(repoRoot, 'test-artifacts', `oauth-browser-${process.pid}`);

/** Bundles the page and serves it on `port` (the callback URL must be known before the backend starts). */
async function serveApp(port: number, outputs: unknown): Promise<Server> {
  await build({
    entryPoints: [join(repoRoot, 'test/browser/oauth-app.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(dir, 'web', 'app.js'),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  const js = readFileSync(join(dir, 'web', 'app.js'));
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div>
<script>window.__OUTPUTS__ = ${JSON.stringify(outputs)};</script><script type="module" src="/app.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

describe.skipIf(Boolean(browserSkip))(`sign-in with redirect in Chromium${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  let backend: RunningBackend;
  let web: Server;
  let browser: Browser;
  let appUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}/`;
    writeAuthOnlyApp(dir, authResource(appUrl));
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    web = await serveApp(port, JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (web ? web.close(r) : r(undefined)));
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function freshPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(appUrl);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('signed out');
    return page;
  }

  /** Clicks the app's button, makes up an identity on the provider's test page, and waits to be back. */
  async function viaTestProvider(page: Page, button: string, email: string, name: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL(/\/oauth2\/test-idp\//);
    // the browser reached Hearth over plain http: no certificate warning on the way
    expect(new URL(page.url()).protocol).toBe('http:');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.href.startsWith(appUrl));
  }

  it('signs in with Google and with an OIDC provider through the test pages, then signOut({ global }) revokes', async () => {
    const page = await freshPage();
    await viaTestProvider(page, 'Sign in with Google', 'ada@example.com', 'Ada Lovelace');
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 })
      .toMatch(/^signed in as ada@example.com \(google_\d+\)$/);
    const access = await page.evaluate(() => (globalThis as unknown as { __accessToken(): Promise<string> }).__accessToken());
    const userInfo = () => fetch(`${backend.urls.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${access}` } });
    expect((await userInfo()).status).toBe(200);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 }).toBe('signed out');
    expect(page.url()).toBe(appUrl);
    expect((await userInfo()).status).toBe(401);

    await viaTestProvider(page, 'Sign in with CorpSSO', 'ada@example.com', 'Ada');
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 })
      .toMatch(/^signed in as ada@example.com \(corpsso_\d+\)$/);
  });

  it('the hosted page signs in an email/password user', async () => {
    const clientId = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
    const cognito = new CognitoIdentityProviderClient({
      endpoint: backend.urls.cognito,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'pat@example.com', Password: 'Correct-horse-9' }));
    const code = await latestCode(Number(new URL(backend.urls.base).port), 'pat@example.com');
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'pat@example.com', ConfirmationCode: code }));
    const page = await freshPage();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByLabel('Email').fill('pat@example.com');
    await page.getByLabel('Password').fill('Correct-horse-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.href.startsWith(appUrl));
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 }).toMatch(/^signed in as pat@example.com/);
  });
});
