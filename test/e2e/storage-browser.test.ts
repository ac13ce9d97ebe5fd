/**
 * The Amplify docs' storage UI in headless Chromium against examples/storage served by Hearth:
 * sign in with the Authenticator, upload a picture with `FileUploader` (amplify-js uploads through
 * XMLHttpRequest in a browser), see it in `StorageImage` (the image really loads), put a presigned
 * `getUrl` URL into a plain `<img>`, open it in a fresh browser context, and see the same URL
 * refused once `expiresIn` has passed. Screenshots go to test-artifacts/screenshots/.
 *
 * Needs Debian's `chromium` (apt-get install chromium). Without it the test is skipped and says
 * why, unless HEARTH_REQUIRE_BROWSER=1 (set by CI), which makes a missing browser a failure.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';
import { browserSkip, CHROMIUM, type PageServer, servePage } from '../support/browser-page.js';
import { PASSWORD, type StorageApp, startStorageApp } from '../support/storage-app.js';

const shots = join(repoRoot, 'test-artifacts', 'screenshots');

/** The little of the DOM these page functions use (the test itself compiles without the DOM lib). */
interface DomImage {
  naturalWidth: number;
  src: string;
  onload: (() => void) | null;
  onerror: (() => void) | null;
}
const naturalWidth = (img: unknown) => (img as DomImage).naturalWidth;

/** Loads `url` into a new `<img>` on `page`: 'load <naturalWidth>' or 'error'. */
const loadImage = (page: Page, url: string) =>
  page.evaluate(
    (u) =>
      new Promise<string>((resolve) => {
        const img = new (globalThis as unknown as { Image: new () => DomImage }).Image();
        img.onload = () => resolve(`load ${img.naturalWidth}`);
        img.onerror = () => resolve('error');
        img.src = u;
      }),
    url,
  );

describe.skipIf(Boolean(browserSkip))(`storage UI in headless Chromium${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  let s: StorageApp;
  let browser: Browser;
  let page: Page;
  let site: PageServer;
  let picture: Buffer;
  /** the width in the PNG's IHDR chunk: what naturalWidth is once the image has loaded */
  const pictureWidth = () => picture.readUInt32BE(16);
  const email = `photos-${Date.now().toString(36)}@example.com`;

  /** A fresh context (no cookies, no cache, no session): what someone the link was sent to has. */
  const freshPage = async () => {
    const p = await (await browser.newContext()).newPage();
    await p.goto(site.url);
    return p;
  };

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('HEARTH_REQUIRE_BROWSER=1 but Debian chromium is not installed (apt-get install chromium)');
    s = await startStorageApp('sqlite');
    await s.signUpAndSignIn(email);
    await s.beGuest();
    site = await servePage({
      entry: 'storage-app.tsx',
      outDir: join(s.dir, 'web'),
      outputs: s.outputs,
      styles: ['@aws-amplify/ui-react/dist/styles.css', '@aws-amplify/ui-react-storage/dist/styles.css'],
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(site.url);
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await s?.stop();
  });

  it('uploads a picture with FileUploader and shows it with StorageImage', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const signInButton = page.getByRole('button', { name: 'Sign in', exact: true });
    picture = await signInButton.screenshot(); // a real, visible PNG
    await signInButton.click();
    await page.locator('input[type=file]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: picture });
    const uploaded = page.getByTestId('uploaded');
    await uploaded.waitFor({ timeout: 20_000 });
    expect(await uploaded.textContent()).toMatch(/^profile-pictures\/us-east-1:[0-9a-f-]+\/me\.png$/);
    const image = page.getByAltText('latest upload');
    await expect.poll(() => image.evaluate(naturalWidth), { timeout: 15_000 }).toBe(pictureWidth());
    expect(await image.getAttribute('src')).toMatch(new RegExp(`^${s.outputs.custom.hearth.storageEndpoint}/`));
    await page.screenshot({ path: join(shots, 'storage-file-uploader.png'), fullPage: true });
  });

  it('shows a presigned getUrl URL in a plain <img>, and refuses the same URL after it expires', async () => {
    await page.getByRole('button', { name: 'Share link' }).click();
    const shared = page.getByTestId('presigned-image');
    await expect.poll(() => shared.evaluate(naturalWidth), { timeout: 15_000 }).toBe(pictureWidth());
    const url = (await page.getByTestId('presigned-url').textContent()) ?? '';
    // the client presigned for S3; the page's <img> and <a> were pointed at Hearth
    expect(url).toMatch(new RegExp(`^https://${s.bucket('hearthFiles')}\\.s3\\.us-east-1\\.amazonaws\\.com/profile-pictures/`));
    expect(url).toContain('X-Amz-Expires=5');
    expect(await page.getByTestId('presigned-link').getAttribute('href')).toMatch(
      new RegExp(`^${s.outputs.custom.hearth.storageEndpoint}/${s.bucket('hearthFiles')}/profile-pictures/`),
    );
    await page.screenshot({ path: join(shots, 'storage-presigned-image.png'), fullPage: true });
    const someoneElse = await freshPage();
    expect(await loadImage(someoneElse, url)).toBe(`load ${pictureWidth()}`);
    await new Promise((r) => setTimeout(r, 6_000));
    const later = await freshPage();
    expect(await loadImage(later, url)).toBe('error');
  });

  it('uploads 12 MB in parts through XMLHttpRequest, with onProgress rising to the full size', async () => {
    const result = await page.evaluate(async () => {
      const progress: number[] = [];
      const data = new Blob([new Uint8Array(12 * 1024 * 1024).fill(7)]);
      const { uploadData } = (globalThis as unknown as { __storage: { uploadData: typeof import('aws-amplify/storage').uploadData } })
        .__storage;
      const task = uploadData({
        path: 'public/browser-big.bin',
        data,
        options: { onProgress: ({ transferredBytes }) => void progress.push(transferredBytes) },
      });
      const { eTag } = await task.result;
      return { eTag, progress };
    });
    expect(result.eTag).toMatch(/-3"$/); // three 5 MiB parts
    expect(result.progress.length).toBeGreaterThan(2);
    expect(result.progress).toEqual([...result.progress].sort((a, b) => a - b));
    expect(result.progress.at(-1)).toBe(12 * 1024 * 1024);
  });
});
