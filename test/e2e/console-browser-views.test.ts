/**
 * The console's Functions, Data and Storage views in Debian's Chromium, on an app written for them:
 * a postConfirmation trigger that throws until the developer "fixes" it (a flag file), models with
 * an enum, an AWSEmail, an integer and a hasMany/belongsTo pair, and a storage bucket.
 * - the failing trigger shows red with its event and error; once fixed, "Run again" runs it and the
 *   kept row says it succeeded;
 * - a record the data API refuses (bad AWSEmail) shows the API's reason beside the field and is not
 *   written; a valid one is; the related records are one click away both ways;
 * - an image uploaded into a bucket is previewed, then deleted.
 * Screenshots at 1280×800 and 390 px go to test-artifacts/console/.
 *
 * Runs `dist/` (npm run build first). Needs Debian's `chromium`; skipped without it (saying why)
 * unless HEARTH_REQUIRE_BROWSER=1.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';
import { browserSkip } from '../support/browser-page.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import { type ConsoleBrowser, launchConsole, screenshotBoth } from './console-browser-support.js';

const LIVE = { timeout: 10_000 };

function writeApp(dir: string): void {
  const flag = join(dir, 'fixed');
  const files: Record<string, string> = {
    'package.json': '{"name":"console-views-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
defineBackend({ auth, data, storage });
`,
    'amplify/auth/resource.ts': `import { defineAuth, defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'welcome', entry: './welcome.ts' });
export const auth = defineAuth({ loginWith: { email: true }, groups: ['editors'], triggers: { postConfirmation } });
`,
    'amplify/auth/welcome.ts': `import { existsSync } from 'node:fs';
export const handler = async (event) => {
  if (!existsSync(${JSON.stringify(flag)})) throw new Error('welcome mail template missing');
  return event;
};
`,
    'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
const schema = a.schema({
  Post: a
    .model({
      title: a.string().required(),
      status: a.enum(['DRAFT', 'PUBLISHED']),
      contact: a.email(),
      likes: a.integer(),
      comments: a.hasMany('Comment', 'postId'),
    })
    .authorization((allow) => [allow.publicApiKey()]),
  Comment: a
    .model({ postId: a.id().required(), post: a.belongsTo('Post', 'postId'), body: a.string().required() })
    .secondaryIndexes((index) => [index('postId').sortKeys(['body'])])
    .authorization((allow) => [allow.publicApiKey()]),
});
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } } });
`,
    'amplify/storage/resource.ts': `import { defineStorage } from '@aws-amplify/backend';
export const storage = defineStorage({
  name: 'photos',
  isDefault: true,
  access: (allow) => ({ 'public/*': [allow.guest.to(['read', 'write', 'delete'])] }),
});
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A 96×64 PNG with a colour gradient, so the preview has something to show. */
function gradientPng(): Buffer {
  const w = 96;
  const h = 64;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set([194, Math.round((x / w) * 200), Math.round((y / h) * 255)], y * (w * 3 + 1) + 1 + x * 3);
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe.skipIf(Boolean(browserSkip))(
  `console views in Chromium: functions, data, storage${browserSkip ? ` (skipped: ${browserSkip})` : ''}`,
  () => {
    const dir = join(repoRoot, 'test-artifacts', `console-views-${randomBytes(4).toString('hex')}`);
    let sandbox: SandboxProcess;
    let chrome: ConsoleBrowser;
    let page: Page;
    const email = `lin-${Date.now().toString(36)}@example.com`;

    beforeAll(async () => {
      writeApp(dir);
      const port = await freePort();
      sandbox = await startSandbox({ cwd: dir, port });
      chrome = await launchConsole(`http://127.0.0.1:${port}/_hearth/console/`);
    });

    afterAll(async () => {
      await chrome?.close();
      await sandbox?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows a failing trigger red with its event and error, and runs it again once fixed', async () => {
      const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
      const cognito = new CognitoIdentityProviderClient({
        region: outputs.auth.aws_region,
        endpoint: outputs.custom.hearth.userPoolEndpoint,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      await cognito.send(new SignUpCommand({ ClientId: outputs.auth.user_pool_client_id, Username: email, Password: 'Correct-horse-9' }));
      cognito.destroy();

      const functions = await chrome.open('functions');
      page = await chrome.open('users');
      await page.getByRole('link', { name: email }).click();
      const detail = page.getByRole('complementary', { name: /^User / });
      await detail.getByRole('button', { name: 'Confirm' }).click();
      // Cognito's answer to a throwing PostConfirmation, in the console's words
      await expect.poll(() => detail.getByRole('alert').textContent(), LIVE).toContain('welcome mail template missing');
      await screenshotBoth(page, 'users-detail');

      const kept = functions.getByTestId('kept-invocation').filter({ hasText: 'welcome' });
      await expect.poll(() => kept.getAttribute('data-status'), LIVE).toBe('failed');
      expect(await kept.textContent()).toContain('welcome mail template missing');
      expect(await kept.textContent()).toContain('PostConfirmation_ConfirmSignUp');
      expect(await kept.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).borderLeftColor)).toBe('rgb(180, 35, 24)');
      const live = functions.getByTestId('invocation').filter({ hasText: 'welcome' }).first();
      expect(await live.getAttribute('data-status')).toBe('failed');
      await screenshotBoth(functions, 'functions-failed');

      writeFileSync(join(dir, 'fixed'), 'the developer fixed the template');
      await kept.getByRole('button', { name: 'Run again' }).click();
      await expect
        .poll(() => functions.getByTestId('kept-invocation').first().getAttribute('data-status'), LIVE)
        .toBe('succeeded-on-retry');
      await expect.poll(() => functions.getByTestId('invocation').first().getAttribute('data-status'), LIVE).toBe('ok');
    });

    it('refuses a record the data API refuses, beside its field; writes a valid one; related records are one click away', async () => {
      await page.goto(page.url().replace(/#.*/, '#/data/Post'));
      await page.getByRole('button', { name: 'New Post' }).click();
      const form = page.getByRole('form', { name: 'New Post' });
      expect(
        await form
          .getByLabel(/^status/)
          .locator('option')
          .allTextContents(),
      ).toEqual(['', 'DRAFT', 'PUBLISHED']);
      await form.getByLabel(/^title/).fill('Hello console');
      await form.getByLabel(/^status/).selectOption('PUBLISHED');
      await form.getByLabel(/^likes/).fill('7');
      await form.getByLabel(/^contact/).fill('not an email');
      await form.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => form.getByRole('alert').textContent(), LIVE).toMatch(/ValidationError: .*AWSEmail|contact/i);
      await screenshotBoth(page, 'data-validation');
      expect(await page.getByRole('row').filter({ hasText: 'Hello console' }).count()).toBe(0);

      await form.getByLabel(/^contact/).fill('lin@example.com');
      await form.getByRole('button', { name: 'Create' }).click();
      const post = page.getByRole('row').filter({ hasText: 'Hello console' });
      await post.waitFor(LIVE);
      expect(await post.textContent()).toContain('PUBLISHED');
      const posts = (await (await fetch(apiUrl(page, 'models/Post/records'))).json()) as { items: { id: string }[] };
      const postId = posts.items[0]!.id;

      await page.goto(page.url().replace(/#.*/, '#/data/Comment'));
      await page.getByRole('button', { name: 'New Comment' }).click();
      const comment = page.getByRole('form', { name: 'New Comment' });
      await comment.getByLabel(/^postId/).fill(postId);
      await comment.getByLabel(/^body/).fill('First!');
      await comment.getByRole('button', { name: 'Create' }).click();
      const row = page.getByRole('row').filter({ hasText: 'First!' });
      await row.waitFor(LIVE);

      await row.getByRole('link', { name: /open/ }).click();
      await page.getByRole('row').filter({ hasText: 'Hello console' }).waitFor(LIVE);
      expect(page.url()).toContain('#/data/Post?filter=');
      await page.getByRole('row').filter({ hasText: 'Hello console' }).getByRole('link', { name: /list/ }).click();
      await page.getByRole('row').filter({ hasText: 'First!' }).waitFor(LIVE);
      await screenshotBoth(page, 'data-related');

      // the filter fixes the index's partition key (postId), so its sort key (body) sorts, both ways
      await page.getByRole('button', { name: 'New Comment' }).click();
      await comment.getByLabel(/^postId/).fill(postId);
      await comment.getByLabel(/^body/).fill('Another');
      await comment.getByRole('button', { name: 'Create' }).click();
      const order = () =>
        page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ((r.textContent ?? '').includes('First!') ? 'First!' : 'Another')));
      await expect.poll(async () => (await order()).length, LIVE).toBe(2);
      const header = page.getByRole('columnheader', { name: /^body/ });
      await header.getByRole('button').click();
      await expect.poll(() => header.getAttribute('aria-sort'), LIVE).toBe('ascending');
      await expect.poll(order, LIVE).toEqual(['Another', 'First!']);
      await header.getByRole('button').click();
      await expect.poll(order, LIVE).toEqual(['First!', 'Another']);
    });

    it('runs a query in GraphiQL as the API key (allowed) and as IAM for a function the schema does not grant (refused)', async () => {
      const query = 'query Posts { listPosts { items { title } } }';
      const explorer = await chrome.open(`api?query=${encodeURIComponent(query)}`);
      const response = explorer.locator('.graphiql-response');
      await expect.poll(() => explorer.locator('.graphiql-query-editor').textContent(), LIVE).toContain('listPosts');
      await explorer.locator('.graphiql-execute-button').click();
      await expect.poll(() => response.textContent(), LIVE).toContain('Hello console');
      await explorer.getByLabel('Authorization mode').selectOption('iamFunction');
      expect(await explorer.getByLabel('Function').inputValue()).toBe('welcome');
      await explorer.locator('.graphiql-execute-button').click();
      await expect.poll(() => response.textContent(), LIVE).toMatch(/Unauthorized|Not Authorized/);
      await explorer.close();
    });

    it('uploads an image into the bucket, previews it and deletes it', async () => {
      await page.goto(page.url().replace(/#.*/, '#/storage'));
      await page.locator('input[type=file]').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: gradientPng() });
      const item = page.getByRole('listitem').filter({ hasText: 'sunset.png' });
      await item.waitFor(LIVE);
      await expect
        .poll(() => item.getByRole('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), LIVE)
        .toBe(96);
      await screenshotBoth(page, 'storage');
      page.once('dialog', (d) => void d.accept());
      await item.getByRole('button', { name: 'Delete' }).click();
      await item.waitFor({ state: 'detached', ...LIVE });
    });
  },
);

/** A console API URL on the page's origin, for reading back what the UI wrote. */
function apiUrl(page: Page, path: string): string {
  return new URL(`/_hearth/console/api/${path}`, page.url()).toString();
}
