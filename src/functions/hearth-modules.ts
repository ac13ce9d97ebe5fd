import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of one of Hearth's own entry modules (`backend`, `function-runtime`, `functions/worker`),
 * next to this file: `dist/<name>.js` when installed, `src/<name>.ts` when run from source (tests).
 */
export function hearthModulePath(name: string): string | undefined {
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`../${name}${ext}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
