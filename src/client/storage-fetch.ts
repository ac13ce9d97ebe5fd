/**
 * Node (and any code calling `fetch` for a Hearth bucket URL): amplify-js's storage client sends
 * its S3 requests through the global `fetch` at call time (core's `fetchTransferHandler`), so a
 * wrapper installed on `globalThis.fetch` sends them to Hearth. An accessor keeps the wrapper in
 * front of a `fetch` assigned later (test frameworks and polyfills do that).
 */
import { hearthStorageUrl } from './storage-redirect.js';

const MARK = Symbol.for('hearth.storageFetch');

/** Further rewrites the same wrapper applies (the OAuth endpoints of an http sandbox: oauth-redirect.ts). */
const rewrites: ((url: string) => string | undefined)[] = [hearthStorageUrl];

/** Adds a URL rewrite to the fetch wrapper, and installs the wrapper. */
export function addFetchRewrite(rewrite: (url: string) => string | undefined): void {
  if (!rewrites.includes(rewrite)) rewrites.push(rewrite);
  redirectStorageFetch();
}

function target(url: string): string | undefined {
  for (const rewrite of rewrites) {
    const to = rewrite(url);
    if (to) return to;
  }
  return undefined;
}

type Fetch = typeof globalThis.fetch & { [MARK]?: true };

/** Installs the wrapper on `globalThis.fetch` (once; idempotent). */
export function redirectStorageFetch(): void {
  const g = globalThis as { fetch?: Fetch };
  const existing = Object.getOwnPropertyDescriptor(g, 'fetch');
  if ((existing?.get as { [MARK]?: true } | undefined)?.[MARK]) return;
  let current = wrap(g.fetch);
  const get = Object.assign(() => current, { [MARK]: true as const });
  Object.defineProperty(g, 'fetch', {
    configurable: true,
    enumerable: existing?.enumerable ?? true,
    get,
    set: (v: Fetch | undefined) => {
      current = wrap(v);
    },
  });
}

function wrap(base: Fetch | undefined): Fetch | undefined {
  if (typeof base !== 'function' || base[MARK]) return base;
  const wrapped = ((input: Parameters<Fetch>[0], init?: RequestInit) => base(redirectInput(input), init)) as Fetch;
  Object.defineProperty(wrapped, MARK, { value: true });
  return wrapped;
}

/** The same request addressed to Hearth, or the input itself when it is not for a Hearth bucket. */
function redirectInput(input: Parameters<Fetch>[0]): Parameters<Fetch>[0] {
  if (typeof input === 'string') return target(input) ?? input;
  if (input instanceof URL) return target(input.href) ?? input;
  const to = target(input.url);
  if (!to) return input;
  // a Request keeps its method, headers, body and signal; a streamed body needs duplex in Node
  const init: RequestInit & { duplex?: 'half' } = {
    method: input.method,
    headers: input.headers,
    body: input.body,
    signal: input.signal,
    redirect: input.redirect,
    credentials: input.credentials,
  };
  if (input.body) init.duplex = 'half';
  return new Request(to, init);
}
