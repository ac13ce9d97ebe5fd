import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute paths of Hearth's own modules, for aliasing the user's imports to them. */
const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const hearthModules = {
  backend: join(distRoot, 'backend', 'index.js'),
  functionRuntime: join(distRoot, 'function-runtime', 'index.js'),
};

/** Where Hearth keeps its state and build output inside an app. */
export function stateDir(projectRoot: string): string {
  return join(projectRoot, '.amplify', 'hearth');
}
