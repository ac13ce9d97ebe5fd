/**
 * The dev console in Debian's Chromium against `hearth sandbox` running the user-profile example.
 * A user signs up on the "try it" page (the real aws-amplify client in the page); the console's
 * Users and Mailbox tabs, left open, show the user and the mail without a reload; the user is
 * confirmed from the console, the post-confirmation run appears live in Functions and its profile
 * row in Data; the row is edited in the grid and read back by the app through `client.models`;
 * GraphiQL runs the same query as the API key (refused by the owner rule) and as the user (allowed).
 * Screenshots of each view at 1280×800 and 390 px go to test-artifacts/console/.
 *
 * Runs `dist/` (npm run build first). Needs Debian's `chromium`; skipped without it (saying why)
 * unless HEARTH_REQUIRE_BROWSER=1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from '../support/app-copy.js';
import { browserSkip } from '../support/browser-page.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import { type ConsoleBrowser, launchConsole, screenshotBoth } from './console-browser-support.js';

const PASSWORD = 'Correct-horse-9';
const LIVE = { timeout: 10_000 };

describe.skipIf(Boolean(browserSkip))(`console in Chromium, user-profile example${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  let app: ReturnType<typeof copyExample>;
  let sandbox: SandboxProcess;
  let chrome: ConsoleBrowser;
  let users: Page;
  let tryIt: Page;
  const email = `grace-${Date.now().toString(36)}@example.com`;

  beforeAll(async () => {
    app = copyExample('user-profile');
    const port = await freePort();
    sandbox = await startSandbox({ cwd: app.dir, port });
    chrome = await launchConsole(`http://127.0.0.1:${port}/_hearth/console/`);
  });

  afterAll(async () => {
    await chrome?.close();
    await sandbox?.stop();
    app?.remove();
  });

  it('opens on the try-it page for the example', async () => {
    const home = await chrome.open('');
    await expect.poll(() => home.url(), LIVE).toMatch(/#\/try-it$/);
    await home.getByRole('form', { name: 'Sign up' }).waitFor();
    await home.close();
  });

  it('shows a sign-up on the try-it page live in Users and Mailbox, confirms it, and the trigger run and profile row follow', async () => {
    users = await chrome.open('users');
    const mail = await chrome.open('mail');
    const functions = await chrome.open('functions');
    tryIt = await chrome.open('try-it');
    await screenshotBoth(tryIt, 'try-it');

    const form = tryIt.getByRole('form', { name: 'Sign up' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign up' }).click();
    await tryIt.getByRole('form', { name: 'Confirm sign-up' }).waitFor(LIVE);

    // both tabs were open before the sign-up: what they show now came over the event stream
    const row = users.getByRole('row').filter({ hasText: email });
    await expect.poll(() => row.textContent(), LIVE).toContain('UNCONFIRMED');
    const message = mail.getByTestId('mail-item').filter({ hasText: email });
    await message.waitFor(LIVE);
    expect(await message.getByTestId('copy-code').textContent()).toMatch(/\d{6}/);
    await screenshotBoth(mail, 'mailbox');

    await row.getByRole('link', { name: email }).click();
    const detail = users.getByRole('complementary', { name: /^User / });
    await detail.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => detail.textContent(), LIVE).toContain('CONFIRMED');
    await expect.poll(() => row.textContent(), LIVE).not.toContain('UNCONFIRMED');
    await screenshotBoth(users, 'users');

    const run = functions.getByTestId('invocation').filter({ hasText: 'post-confirmation' });
    await expect.poll(() => run.first().getAttribute('data-status'), LIVE).toBe('ok');
    await screenshotBoth(functions, 'functions');
    // each tab holds an event stream, and Chromium allows 6 connections per origin over HTTP/1.1
    await mail.close();
    await functions.close();

    await users.goto(users.url().replace(/#.*/, '#/data/UserProfile'));
    await users.getByRole('row').filter({ hasText: email }).waitFor(LIVE);
  });

  it('edits the profile row in the data grid, and the app reads the change back through client.models', async () => {
    const data = users;
    const row = data.getByRole('row').filter({ hasText: email });
    await row.getByRole('button', { name: 'Edit record' }).click();
    const form = data.getByRole('form', { name: 'Edit UserProfile' });
    await form.getByLabel(/^email/).fill(`edited-${email}`);
    await form.getByRole('button', { name: 'Save' }).click();
    await data
      .getByRole('row')
      .filter({ hasText: `edited-${email}` })
      .waitFor(LIVE);
    await screenshotBoth(data, 'data');

    // the try-it page waits at the confirm step: the user was confirmed from the console instead
    await tryIt.getByRole('button', { name: 'Confirmed from the console? Sign in' }).click();
    await tryIt.getByRole('button', { name: `Sign in as ${email}` }).click();
    const profile = tryIt.getByTestId('profile');
    await expect.poll(() => profile.textContent(), LIVE).toContain(`edited-${email}`);
    await screenshotBoth(tryIt, 'try-it-signed-in');
  });

  it('runs one query in GraphiQL as the API key (refused by the owner rule) and as the user (allowed)', async () => {
    const query = 'query Profiles { listUserProfiles { items { email } } }';
    const explorer = await chrome.open(`api?query=${encodeURIComponent(query)}`);
    const response = explorer.locator('.graphiql-response');
    // GraphiQL is its own chunk: wait until it has loaded and taken the query from the link
    await expect.poll(() => explorer.locator('.graphiql-query-editor').textContent(), LIVE).toContain('listUserProfiles');
    await explorer.locator('.graphiql-execute-button').click();
    await expect.poll(() => response.textContent(), LIVE).toMatch(/Unauthorized|Not Authorized/);
    await screenshotBoth(explorer, 'api-explorer');

    await explorer.getByLabel('Authorization mode').selectOption('userPool');
    await expect.poll(() => explorer.getByLabel('User').inputValue(), LIVE).not.toBe('');
    await explorer.locator('.graphiql-execute-button').click();
    await expect.poll(() => response.textContent(), LIVE).toContain(`edited-${email}`);
    expect(await response.textContent()).not.toMatch(/Unauthorized|Not Authorized/);
    await explorer.close();
  });

  it('runs the whole try-it flow with the mailed code: sign up, confirm, sign in, the profile post-confirmation made', async () => {
    const other = `ada-${Date.now().toString(36)}@example.com`;
    const page = await chrome.open('try-it');
    const form = page.getByRole('form', { name: 'Sign up' });
    await form.getByLabel('Email').fill(other);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('mailed-code').waitFor(LIVE);
    await page.getByRole('button', { name: 'Use it' }).click();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('button', { name: `Sign in as ${other}` }).click();
    await expect.poll(() => page.getByTestId('profile').textContent(), LIVE).toContain(other);

    // two users and their mail now: the searches narrow to one
    const mail = await chrome.open('mail');
    await mail.getByTestId('mail-item').filter({ hasText: email }).waitFor(LIVE);
    await mail.getByLabel('Search by address').fill(other);
    await expect.poll(() => mail.getByTestId('mail-item').allTextContents(), LIVE).toEqual([expect.stringContaining(other)]);
    await page.goto(page.url().replace(/#.*/, '#/users'));
    await page.getByLabel('Search users').fill('ada-');
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: '@example.com' }).allTextContents(), LIVE)
      .toEqual([expect.stringContaining(other)]);

    // the try-it page's sign-in is in the user's history
    await page.getByRole('link', { name: other }).click();
    const history = page.getByRole('complementary', { name: /^User / }).getByRole('cell', { name: 'ok', exact: true });
    await expect.poll(() => history.count(), LIVE).toBeGreaterThan(0);
    await screenshotBoth(page, 'users-history');
  });
});
