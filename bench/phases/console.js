/**
 * Row 14: the dev console's first paint over a model of 100,000 rows (the catalog's `Item`), in
 * Debian's Chromium through playwright-core: from navigation start to the first grid row in the
 * DOM, measured in the page (performance.now() at the animation frame the row appears), median of
 * CONSOLE_LOADS loads, each in a fresh browser context (no HTTP cache, so the bundle is fetched and
 * parsed every time). Then the scroll: pages of 200 rows fetched as the grid is scrolled to its end,
 * to show that page 10 costs what page 1 does (keyset paging). The bundle's gzip sizes come from
 * dist/console/sizes.json, written by scripts/build-console.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleCpu } from '../lib/proc-cpu.js';
import { REPO } from '../lib/sandbox.js';
import { median, ms } from '../lib/stats.js';

export const CONSOLE_LOADS = 5;
const SCROLL_PAGES = 10;
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FIRST_ROW = 'table[aria-label="Item records"] tbody tr';

export async function consolePhase({ server, log }) {
  if (!CHROMIUM) throw new Error('Debian chromium is not installed (apt-get install chromium)');
  const { chromium } = await import('playwright-core');
  const sizes = JSON.parse(readFileSync(join(REPO, 'dist', 'console', 'sizes.json'), 'utf8'));
  const url = `${server.baseUrl}/_hearth/console/#/data/Item`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const cpuBefore = sampleCpu(server.pid);
    const paints = [];
    let page;
    for (let i = 0; i < CONSOLE_LOADS; i++) {
      await page?.context().close();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      paints.push(await firstRowMs(page, url));
      log(`  console load ${i + 1}/${CONSOLE_LOADS}: first rows after ${ms(paints.at(-1))}`);
    }
    const cpuAfter = sampleCpu(server.pid);
    const scroll = await scrollPages(page);
    const med = median(paints);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    return {
      value: med,
      result:
        `first rows median ${ms(med)} (min ${ms(Math.min(...paints))}, max ${ms(Math.max(...paints))}) · n=${CONSOLE_LOADS}, no cache` +
        ` · scroll: ${SCROLL_PAGES} more pages of 200 in ${ms(scroll.totalMs)}, slowest page ${ms(scroll.slowestMs)}` +
        ` · bundle gzip: first paint ${kb(sizes.firstPaintGzip)}, GraphiQL ${kb(sizes.graphiqlGzip)} and "try it" ${kb(sizes.tryItGzip)} on demand`,
      cpu: cpuBefore && cpuAfter ? { totalMs: (cpuAfter.selfMs - cpuBefore.selfMs) / CONSOLE_LOADS } : undefined,
      cpuNote: 'server CPU per console load (page, overview, first records page)',
      pass: med < 1000 && sizes.firstPaintGzip < 500 * 1024,
    };
  } finally {
    await browser.close();
  }
}

/** Milliseconds from navigation start to the frame in which the grid's first row exists. */
async function firstRowMs(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : false), FIRST_ROW, {
    polling: 'raf',
    timeout: 30_000,
  });
  return handle.jsonValue();
}

/** Scrolls the grid to its end SCROLL_PAGES times, each time until the next page of rows has loaded. */
async function scrollPages(page) {
  const loaded = () =>
    page
      .getByTestId('record-count')
      .textContent()
      .then((t) => Number((t.match(/^[\d,]+/)?.[0] ?? '0').replaceAll(',', '')));
  let total = 0;
  let slowest = 0;
  for (let i = 0; i < SCROLL_PAGES; i++) {
    const before = await page.getByTestId('record-count').textContent();
    const t = performance.now();
    await page.locator('.data-grid').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForFunction((b) => document.querySelector('[data-testid="record-count"]')?.textContent !== b, before, {
      timeout: 30_000,
    });
    const took = performance.now() - t;
    total += took;
    slowest = Math.max(slowest, took);
  }
  if ((await loaded()) < 200 * (SCROLL_PAGES + 1))
    throw new Error(`scrolling loaded ${await loaded()} rows, expected ${200 * (SCROLL_PAGES + 1)}`);
  return { totalMs: total, slowestMs: slowest };
}
