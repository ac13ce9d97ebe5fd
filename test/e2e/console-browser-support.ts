/**
 * What the console browser tests share: Chromium (Debian's, via playwright-core) with pages on the
 * sandbox's console at 1280×800, and screenshots of a view at that size and on a 390-px phone,
 * kept in test-artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../support/app-copy.js';
import { CHROMIUM } from '../support/browser-page.js';

export const SHOTS = join(repoRoot, 'test-artifacts', 'console');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  /** a new tab on `#/<hash>` of the console at `base` */
  open(hash: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchConsole(base: string): Promise<ConsoleBrowser> {
  if (!CHROMIUM) throw new Error('HEARTH_REQUIRE_BROWSER=1 but Debian chromium is not installed (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: DESKTOP });
  // a step that does not happen fails within the test's time, naming what it waited for
  context.setDefaultTimeout(15_000);
  return {
    browser,
    context,
    async open(hash) {
      const page = await context.newPage();
      await page.goto(`${base}#/${hash}`);
      await page.getByRole('navigation', { name: 'Console views' }).waitFor();
      return page;
    },
    close: () => browser.close(),
  };
}

/** Saves `<name>-1280.png` and `<name>-390.png` of the page as it is now, and returns to 1280×800. */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SHOTS, `${name}-1280.png`) });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SHOTS, `${name}-390.png`) });
  await page.setViewportSize(DESKTOP);
}
