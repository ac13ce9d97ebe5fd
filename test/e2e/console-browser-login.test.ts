/**
 * The console under `hearth start --console` in Debian's Chromium: the page asks for the admin
 * credentials first; a wrong secret is refused in the API's words; the right pair opens the console,
 * a change made there (creating a user) carries the session's CSRF token and works, and signing out
 * returns to the login form. Screenshots of the login form at 1280×800 and 390 px.
 *
 * Runs `dist/` (npm run build first). Needs Debian's `chromium`; skipped without it (saying why)
 * unless HEARTH_REQUIRE_BROWSER=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from '../support/app-copy.js';
import { browserSkip } from '../support/browser-page.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import { type ConsoleBrowser, launchConsole, screenshotBoth } from './console-browser-support.js';

const ADMIN = { id: 'AKIACONSOLETEST00001', secret: 'console-test-secret-0123456789abcdef0123' };
const LIVE = { timeout: 10_000 };

describe.skipIf(Boolean(browserSkip))(
  `console sign-in under hearth start --console${browserSkip ? ` (skipped: ${browserSkip})` : ''}`,
  () => {
    let app: ReturnType<typeof copyExample>;
    let server: SandboxProcess;
    let chrome: ConsoleBrowser;
    let base: string;

    beforeAll(async () => {
      app = copyExample('user-profile');
      const port = await freePort();
      server = await startSandbox({
        cwd: app.dir,
        port,
        command: 'start',
        args: ['--console'],
        env: { HEARTH_ADMIN_ACCESS_KEY_ID: ADMIN.id, HEARTH_ADMIN_SECRET_ACCESS_KEY: ADMIN.secret },
      });
      base = `http://127.0.0.1:${port}/_hearth/console/`;
      chrome = await launchConsole(base);
    });

    afterAll(async () => {
      await chrome?.close();
      await server?.stop();
      app?.remove();
    });

    it('asks for the admin key, refuses a wrong secret, opens on the right one, makes changes, signs out', async () => {
      const page = await chrome.context.newPage();
      await page.goto(`${base}#/users`);
      const login = page.getByRole('form', { name: 'Sign in to the console' });
      await login.waitFor(LIVE);
      await screenshotBoth(page, 'login');
      expect(await page.getByRole('navigation', { name: 'Console views' }).count()).toBe(0);

      await login.getByLabel('Access key ID').fill(ADMIN.id);
      await login.getByLabel('Secret access key').fill(`${ADMIN.secret}x`);
      await login.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => login.getByRole('alert').textContent(), LIVE).toMatch(/^NotAuthorized: /);

      await login.getByLabel('Secret access key').fill(ADMIN.secret);
      await login.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor(LIVE);

      const email = `admin-made-${Date.now().toString(36)}@example.com`;
      await page.getByRole('button', { name: 'New user' }).click();
      const form = page.getByRole('form', { name: 'New user' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel(/^Password/).fill('Correct-horse-9');
      await form.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => page.getByRole('row').filter({ hasText: email }).textContent(), LIVE).toContain('CONFIRMED');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await login.waitFor(LIVE);
    });
  },
);
