import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
// the registry alone: backend/index.js would bring @aws-amplify/data-schema into the CLI bundle
import { type BackendRegistration, takeBackendRegistration } from '../backend/registry.js';
import { HearthError } from '../util/errors.js';
import { esbuild } from '../util/esbuild.js';
import { importModule } from '../util/import-module.js';
import { amplifyImports } from './amplify-imports.js';
import { createBundleCache } from './backend-bundle-cache.js';
import { findBackendEntry } from './backend-entry.js';
import { hearthModules, stateDir } from './hearth-paths.js';

let generation = 0;

/**
 * Bundles `amplify/backend.ts` (or `.js`, `.cjs`) with esbuild and imports it; returns what
 * `defineBackend` registered. Each load gets a new file name so a changed schema or resource is
 * re-evaluated. A start whose inputs did not change reuses the last bundle (backend-bundle-cache.ts).
 */
export async function loadBackend(projectRoot: string): Promise<BackendRegistration> {
  const { file: entry, name } = findBackendEntry(projectRoot);
  const outDir = join(stateDir(projectRoot), 'backend');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `backend-${process.pid}-${++generation}.mjs`);
  // Hearth's backend module (and @aws-amplify/data-schema under it), which the bundle imports, loads
  // while esbuild builds, and before source maps are on: Node then maps the user's bundle only, not
  // the ~30 modules (and their .map files) under it
  const hearthBackend = importModule(pathToFileURL(hearthModules.backend).href);
  hearthBackend.catch(() => {});
  const cache = createBundleCache({ outDir, entry, hearthBackend: hearthModules.backend });
  if (!cache.reuse(outfile)) cache.save(outfile, await bundle(entry, outfile, { projectRoot, name }));
  await hearthBackend;
  process.setSourceMapsEnabled(true);
  takeBackendRegistration();
  try {
    await importModule(pathToFileURL(outfile).href);
  } catch (e) {
    throw new HearthError('ConfigError', `${name} failed while loading: ${(e as Error).message}`, e);
  } finally {
    rmSync(outfile, { force: true });
  }
  const reg = takeBackendRegistration();
  if (!reg) throw new HearthError('ConfigError', `${name} did not call defineBackend(...).`);
  return reg;
}

/** esbuild bundles the app's backend (packages stay imports); returns what it read */
async function bundle(entry: string, outfile: string, o: { projectRoot: string; name: string }): Promise<Metafile> {
  try {
    const result = await esbuild().build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      sourcemap: 'inline',
      packages: 'external',
      plugins: [amplifyImports(o.projectRoot)],
      logLevel: 'silent',
      // a CommonJS backend (backend.cjs) requires packages and Node built-ins: give the ESM bundle a require
      banner: {
        js: "import { createRequire as __hearthBackendRequire } from 'node:module'; const require = __hearthBackendRequire(import.meta.url);",
      },
      metafile: true,
    });
    return result.metafile;
  } catch (e) {
    throw new HearthError('ConfigError', `Could not build ${o.name}: ${firstBuildError(e)}`, e);
  }
}

function firstBuildError(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
  const first = errors?.[0];
  if (!first) return String((e as Error).message ?? e);
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}
