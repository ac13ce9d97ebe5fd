/**
 * Copies an example app into test-artifacts/ (inside the repo, so the app's function bundles
 * resolve `aws-amplify` from the repo's node_modules as an installed app would from its own).
 */

import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const hearthBin = join(repoRoot, 'dist', 'cli', 'main.js');

export function copyExample(name: string): { dir: string; remove(): void } {
  const dir = join(repoRoot, 'test-artifacts', `${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(join(repoRoot, 'examples', name), dir, {
    recursive: true,
    filter: (src) => !src.includes('/.amplify') && !src.endsWith('amplify_outputs.json') && !src.includes('node_modules'),
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
