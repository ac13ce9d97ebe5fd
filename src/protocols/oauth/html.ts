/** The hosted pages' frame: plain HTML, no script, no framework; never framed by another page. */
import type { HttpResponse } from '../../util/http.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
form{display:grid;gap:.6rem;margin:1rem 0}input,button{font:inherit;padding:.5rem}button{cursor:pointer}
.error{color:#a00}.muted{color:#666;font-size:.9rem}a.provider,button.identity{display:block;margin:.4rem 0}`;

export function page(status: number, title: string, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      ...headers,
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`,
  };
}

export function redirect(location: string): HttpResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/** A form body or query string as a flat record (the first value of a repeated key). */
export function formParams(text: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of new URLSearchParams(text)) if (!(k in out)) out[k] = v;
  return out;
}
