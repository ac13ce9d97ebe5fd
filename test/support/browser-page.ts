/**
 * A React page from test/browser/, bundled with esbuild and served from its own origin (as a
 * front-end dev server would), with the backend's outputs injected as `window.__OUTPUTS__`; and
 * where Debian's Chromium is, for playwright-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './app-copy.js';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
/** HEARTH_REQUIRE_BROWSER=1 (CI) makes a missing browser a failure instead of a skip */
export const browserRequired = process.env.HEARTH_REQUIRE_BROWSER === '1';
export const browserSkip = CHROMIUM || browserRequired ? undefined : 'Debian chromium is not installed (apt-get install chromium)';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Bundles `test/browser/<entry>` into `outDir` and serves it with the given stylesheets. */
export async function servePage(o: { entry: string; outDir: string; outputs: unknown; styles: string[] }): Promise<PageServer> {
  await build({
    entryPoints: [join(repoRoot, 'test/browser', o.entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(o.outDir, 'app.js'),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  const css = o.styles.map((s) => readFileSync(join(repoRoot, 'node_modules', s), 'utf8')).join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/styles.css"></head>
<body><div id="root"></div><script>window.__OUTPUTS__ = ${JSON.stringify(o.outputs)};</script>
<script type="module" src="/app.js"></script></body></html>`;
  const js = readFileSync(join(o.outDir, 'app.js'));
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/styles.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
