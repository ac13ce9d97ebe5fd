/**
 * The SPA's built files (`dist/console/`: index.html and hashed assets), read from disk on each
 * request (small, and the sandbox may rebuild them). Paths are confined to the directory.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { json } from '../../util/http.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serveStatic(dir: string, basePath: string, req: HttpRequest): Promise<HttpResponse> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return json(405, { error: { code: 'MethodNotAllowed', message: 'The console page is read with GET.' } });
  // the page's asset links are relative: `/_hearth/console` must become `/_hearth/console/`
  if (req.path === basePath) return { status: 308, headers: { location: `${basePath}/` }, body: '' };
  let rel = req.path.slice(basePath.length).replace(/^\/+/, '');
  // client-side routes (`/_hearth/console/users/…`) get the page; assets are files
  if (rel === '' || !rel.startsWith('assets/')) rel = 'index.html';
  const file = normalize(join(dir, rel));
  if (!file.startsWith(normalize(dir) + sep)) return notFound(req);
  try {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const cache = rel === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable';
    return { status: 200, headers: { 'content-type': type, 'cache-control': cache }, body: '', bytes: body };
  } catch {
    return rel === 'index.html' ? notBuilt() : notFound(req);
  }
}

const notFound = (req: HttpRequest) => json(404, { error: { code: 'NotFound', message: `No console file at ${req.path}.` } });

function notBuilt(): HttpResponse {
  const html =
    '<!doctype html><meta charset="utf-8"><title>Hearth console</title><p>The console page is not built. Run <code>npm run build</code> in the Hearth repository; the JSON API under <code>api/</code> works meanwhile.</p>';
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, body: html };
}
