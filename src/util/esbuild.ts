import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';

/**
 * esbuild, loaded on first use: a warm start whose bundles are all reused (project/backend-bundle-cache.ts,
 * functions/bundle.ts) never needs its JavaScript, nor the service process its first build starts.
 */
export function esbuild(): typeof Esbuild {
  loaded ??= createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  return loaded;
}

let loaded: typeof Esbuild | undefined;
