import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute paths of Hearth's own built modules, for aliasing the user's imports to them. The loader
 * imports the user's bundle with Node, so these must be JavaScript: `dist/` next to this file when
 * installed; the repository's `dist/` when this file runs from source (tests after `npm run build`).
 */
function builtModule(rel: string): string {
  const beside = fileURLToPath(new URL(`../${rel}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL(`../../dist/${rel}`, import.meta.url));
}

export const hearthModules = {
  backend: builtModule('backend/index.js'),
  functionRuntime: builtModule('function-runtime/index.js'),
};

/** Where Hearth keeps its state and build output inside an app. */
export function stateDir(projectRoot: string): string {
  return join(projectRoot, '.amplify', 'hearth');
}
