/**
 * The Authenticator from @aws-amplify/ui-react in headless Chromium against `hearth sandbox`:
 * sign up, type the emailed code, land signed in, sign out, sign in again. The page is a real
 * React app bundled with esbuild; the browser talks to the sandbox across origins, as a Vite dev
 * server would. A screenshot of the signed-in page is kept in test-artifacts/screenshots/.
 *
 * Needs Debian's `chromium` (apt-get install chromium). Without it the test is skipped and says
 * why, unless HEARTH_REQUIRE_BROWSER=1 (set by CI), which makes a missing browser a failure.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const required = process.env.HEARTH_REQUIRE_BROWSER === '1';
const skip = CHROMIUM || required ? undefined : 'Debian chromium is not installed (apt-get install chromium)';
const PASSWORD = 'Correct-horse-9';

async function bundleApp(outDir: string): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, 'test/browser/authenticator-app.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(outDir, 'app.js'),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
}

/** A static page server on its own origin, like a front-end dev server. */
function servePage(outDir: string, outputs: unknown): Promise<Server> {
  const css = readFileSync(join(repoRoot, 'node_modules/@aws-amplify/ui-react/dist/styles.css'));
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/styles.css"></head>
<body><div id="root"></div><script>window.__OUTPUTS__ = ${JSON.stringify(outputs)};</script>
<script type="module" src="/app.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(outDir, 'app.js')));
    } else if (req.url === '/styles.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(Boolean(skip))(`Authenticator in headless Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let app: ReturnType<typeof copyExample>;
  let sandbox: SandboxProcess;
  let port: number;
  let page: Page;
  let browser: Browser;
  let pageServer: Server;
  const email = `ada-${Date.now().toString(36)}@example.com`;
  const shots = join(repoRoot, 'test-artifacts', 'screenshots');

  const codeFor = (to: string) => latestCode(port, to);

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('HEARTH_REQUIRE_BROWSER=1 but Debian chromium is not installed (apt-get install chromium)');
    app = copyExample('user-profile');
    port = await freePort();
    sandbox = await startSandbox({ cwd: app.dir, port });
    const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
    const outDir = join(app.dir, 'web');
    await bundleApp(outDir);
    pageServer = await servePage(outDir, outputs);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    const { port: pagePort } = pageServer.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${pagePort}/`);
  });

  afterAll(async () => {
    await browser?.close();
    pageServer?.close();
    await sandbox?.stop();
    app?.remove();
  });

  it('signs up, confirms with the emailed code and lands signed in', async () => {
    await page.getByRole('tab', { name: 'Create Account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create Account' }).click();
    await page.getByLabel('Confirmation Code').waitFor();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'authenticator-confirm-code.png'), fullPage: true });
    await page.getByLabel('Confirmation Code').fill(await codeFor(email));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('greeting').textContent(), { timeout: 15_000 }).toBe(`Signed in as ${email}`);
    await page.screenshot({ path: join(shots, 'authenticator-signed-in.png'), fullPage: true });
  });

  it('signs out, then signs in again with the password', async () => {
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('tab', { name: 'Sign In' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByTestId('greeting').textContent(), { timeout: 15_000 }).toBe(`Signed in as ${email}`);
  });
});
