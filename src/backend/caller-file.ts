import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** this folder: frames inside Hearth's backend module are never the user's */
const OWN = dirname(fileURLToPath(import.meta.url));

/**
 * The user's file that called `define*`, read from the stack. `captureStackTrace` drops every frame
 * from `definer` up, so the first frame left is the caller's. The project loader enables source
 * maps, so that frame names the user's `.ts` file rather than the bundle.
 */
export function callerFile(definer: Function): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, definer);
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    const raw = m?.[1];
    if (raw) return raw.startsWith('file://') ? fileURLToPath(raw) : raw;
  }
  return '<unknown>';
}

/** `file:line` of the user's code that called `fn` (a setter or method of an escape-hatch object). */
export function callerSite(fn: Function): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    const file = m?.[1] && (m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1]);
    if (file && !file.startsWith(OWN)) return `${file}:${m[2]}`;
  }
  return '<unknown>';
}
