import { isHearthError } from '../util/errors.js';

/**
 * CLI errors come in two kinds: the user's mistake (a message naming their file, with the fix)
 * and Hearth's fault (with the stack, and a request to report it).
 */
export function describeError(e: unknown): string {
  if (isHearthError(e) && (e.code === 'ConfigError' || e.code === 'NotSupported')) return `error: ${e.message}`;
  if (isHearthError(e) && e.code !== 'Internal') return `error: ${e.message}`;
  const err = e as { code?: string; message?: string; stack?: string };
  if (err?.code === 'EADDRINUSE') return `error: the port is in use; pass --port <n> (or --port 0 for any free port).`;
  if (err?.code === 'ECONNREFUSED') return `error: cannot reach the database (${err.message}); check --database-url.`;
  return `Hearth failed unexpectedly; please report this with the lines below.\n${err?.stack ?? String(e)}`;
}
