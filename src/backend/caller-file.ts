import { fileURLToPath } from 'node:url';

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
