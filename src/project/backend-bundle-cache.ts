import { copyFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { createBuildStamp } from '../util/build-stamp.js';

/** Bump when the loader's esbuild options or plugins change what a bundle holds. */
const FORMAT = 1;

/**
 * The last bundle of amplify/backend.ts, kept beside its inputs' fingerprint (util/build-stamp.ts):
 * a start whose inputs did not change since (the usual restart) imports it again without starting
 * esbuild. Hearth's backend module counts as an input: the import shims list its exports.
 */
export function createBundleCache(o: { outDir: string; entry: string; hearthBackend: string }) {
  const bundle = join(o.outDir, 'last-backend.mjs');
  const stamp = createBuildStamp({ keyFile: join(o.outDir, 'last-backend.json'), always: [o.entry, o.hearthBackend], salt: FORMAT });
  return {
    /** copies the cached bundle to `outfile` when its inputs are unchanged; false otherwise */
    reuse(outfile: string): boolean {
      if (!stamp.unchanged()) return false;
      try {
        copyFileSync(bundle, outfile);
        return true;
      } catch {
        return false;
      }
    },
    /** keeps `outfile` (just built) with the fingerprint of the inputs the metafile lists */
    save(outfile: string, metafile: Metafile | undefined): void {
      if (!metafile) return;
      try {
        copyFileSync(outfile, bundle);
      } catch {
        return; // a cache that cannot be written only costs the next start a build
      }
      stamp.save(
        Object.keys(metafile.inputs)
          .map((p) => resolve(p))
          .filter(isFile),
      );
    },
  };
}

/** metafile inputs also name plugin namespaces (`hearth-amplify-backend:…`), which are not files */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
