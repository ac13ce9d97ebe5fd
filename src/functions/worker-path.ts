import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { esbuild } from '../util/esbuild.js';
import { hearthModulePath } from './hearth-modules.js';

const compiled = new Map<string, Promise<string>>();

/**
 * The worker entry to fork. Installed Hearth ships `dist/functions/worker.js`. Run from source
 * (vitest), only `worker.ts` exists and a child cannot run TypeScript, so it is compiled once per
 * process and project into `<projectRoot>/.amplify/hearth/worker.mjs`; this keeps tests free of a build step.
 */
export function resolveWorkerPath(projectRoot: string): Promise<string> {
  const path = hearthModulePath('functions/worker');
  if (!path) return Promise.reject(new Error("Hearth's function worker is missing (functions/worker.js)."));
  if (path.endsWith('.js')) return Promise.resolve(path);
  const outDir = join(projectRoot, '.amplify', 'hearth');
  if (!compiled.has(outDir)) compiled.set(outDir, compileWorker(path, outDir));
  return compiled.get(outDir) as Promise<string>;
}

async function compileWorker(source: string, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'worker.mjs');
  await esbuild().build({
    entryPoints: [source],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
