import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type BackendRegistration, takeBackendRegistration } from '../backend/index.js';
import { HearthError } from '../util/errors.js';
import { hearthModules, stateDir } from './hearth-paths.js';

let generation = 0;

/** Maps `@aws-amplify/backend` to Hearth's own module, so the user's app needs no Amplify install. */
export const amplifyBackendAlias: Plugin = {
  name: 'hearth-amplify-backend',
  setup(b) {
    b.onResolve({ filter: /^@aws-amplify\/backend$/ }, () => ({
      path: pathToFileURL(hearthModules.backend).href,
      external: true,
    }));
    b.onResolve({ filter: /^@aws-amplify\/backend\/function\/runtime$/ }, () => ({
      path: pathToFileURL(hearthModules.functionRuntime).href,
      external: true,
    }));
  },
};

/**
 * Bundles `amplify/backend.ts` with esbuild and imports it; returns what `defineBackend` registered.
 * Each load gets a new file name so a changed schema or resource is re-evaluated.
 */
export async function loadBackend(projectRoot: string): Promise<BackendRegistration> {
  const entry = join(projectRoot, 'amplify', 'backend.ts');
  if (!existsSync(entry)) {
    throw new HearthError('ConfigError', `No amplify/backend.ts in ${projectRoot}. Run hearth in your app's root folder.`);
  }
  const outDir = join(stateDir(projectRoot), 'backend');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `backend-${process.pid}-${++generation}.mjs`);
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      sourcemap: 'inline',
      packages: 'external',
      plugins: [amplifyBackendAlias],
      logLevel: 'silent',
    });
  } catch (e) {
    throw new HearthError('ConfigError', `Could not build amplify/backend.ts: ${firstBuildError(e)}`, e);
  }
  process.setSourceMapsEnabled(true);
  takeBackendRegistration();
  try {
    await import(pathToFileURL(outfile).href);
  } catch (e) {
    throw new HearthError('ConfigError', `amplify/backend.ts failed while loading: ${(e as Error).message}`, e);
  } finally {
    rmSync(outfile, { force: true });
  }
  const reg = takeBackendRegistration();
  if (!reg) throw new HearthError('ConfigError', 'amplify/backend.ts did not call defineBackend(...).');
  return reg;
}

function firstBuildError(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
  const first = errors?.[0];
  if (!first) return String((e as Error).message ?? e);
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}
