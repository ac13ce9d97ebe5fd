import { fileURLToPath } from 'node:url';

/**
 * The user's file that called a `define*` function, read from the stack. The project loader
 * enables source maps, so frames name the user's `.ts` files rather than the bundle.
 */
export function callerFile(): string {
  const own = import.meta.url;
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  for (const line of lines) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    const raw = m?.[1];
    if (!raw) continue;
    const url = raw.startsWith('file://') ? raw : `file://${raw}`;
    if (url.startsWith(own.replace(/caller-file\.js$/, ''))) continue;
    if (raw.includes('/node_modules/')) continue;
    return raw.startsWith('file://') ? fileURLToPath(raw) : raw;
  }
  return '<unknown>';
}
