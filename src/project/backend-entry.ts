import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HearthError } from '../util/errors.js';

/** The names `ampx` accepts for the backend's entry, in the order it looks for them. */
const ENTRY_NAMES = ['backend.ts', 'backend.mts', 'backend.js', 'backend.mjs', 'backend.cjs', 'backend.cts'];

/**
 * `amplify/backend.<ext>` of an app: TypeScript, ESM or CommonJS, as Amplify's own loader (tsx)
 * takes any of them. Returns the absolute path and the name used in messages.
 */
export function findBackendEntry(projectRoot: string): { file: string; name: string } {
  for (const n of ENTRY_NAMES) {
    const file = join(projectRoot, 'amplify', n);
    if (existsSync(file)) return { file, name: `amplify/${n}` };
  }
  throw new HearthError(
    'ConfigError',
    `No amplify/backend.ts (or backend.js, backend.cjs) in ${projectRoot}. Run hearth in your app's root folder.`,
  );
}
