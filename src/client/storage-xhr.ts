/**
 * Browsers: amplify-js's storage client uses `XMLHttpRequest` there, not fetch (its package.json
 * `browser` field swaps `s3TransferHandler/fetch.mjs` for `xhr.mjs`, which is what gives uploads
 * and downloads their `onProgress`). Its handler calls `xhr.open(method, url)` on a new
 * `XMLHttpRequest`, so wrapping `XMLHttpRequest.prototype.open` sends Hearth buckets' requests to
 * Hearth. Nothing happens where there is no `XMLHttpRequest` (Node).
 */
import { redirectedUrl } from './storage-redirect.js';

const MARK = Symbol.for('hearth.storageXhrOpen');

type Open = ((method: string, url: string | URL, ...rest: unknown[]) => void) & { [MARK]?: true };
/** The little of the DOM's XMLHttpRequest used here (hearth/client compiles without the DOM lib). */
type XhrClass = { prototype: { open: Open } };

/** Wraps `XMLHttpRequest.prototype.open` (once; idempotent). */
export function redirectStorageXhr(): void {
  const Xhr = (globalThis as { XMLHttpRequest?: XhrClass }).XMLHttpRequest;
  if (!Xhr?.prototype) return;
  const original = Xhr.prototype.open;
  if (original[MARK]) return;
  const open: Open = function (this: unknown, method: string, url: string | URL, ...rest: unknown[]) {
    // open(method, url) and open(method, url, async, user, password) both pass through
    original.call(this, method, redirectedUrl(url), ...rest);
  };
  Object.defineProperty(open, MARK, { value: true });
  Xhr.prototype.open = open;
}
