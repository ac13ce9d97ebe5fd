import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';

/** Bump when the loader's esbuild options or plugins change what a bundle holds. */
const FORMAT = 1;

/**
 * The last bundle of amplify/backend.ts, kept beside its inputs' fingerprint: a start whose inputs
 * did not change since (the usual restart) imports it again without starting esbuild (its process
 * and first build are most of a warm start's load). The fingerprint covers every file esbuild read
 * (size and mtime), the folders holding them (a file added or removed next to an import changes
 * what it may resolve to), and Hearth's backend module, whose exports the import shims list.
 */
export function createBundleCache(o: { outDir: string; entry: string; hearthBackend: string }) {
  const bundle = join(o.outDir, 'last-backend.mjs');
  const keyFile = join(o.outDir, 'last-backend.json');
  return {
    /** copies the cached bundle to `outfile` when its inputs are unchanged; false otherwise */
    reuse(outfile: string): boolean {
      try {
        const saved = JSON.parse(readFileSync(keyFile, 'utf8')) as { inputs: string[]; key: string };
        if (saved.key !== fingerprint(saved.inputs, o)) return false;
        copyFileSync(bundle, outfile);
        return true;
      } catch {
        return false;
      }
    },
    /** keeps `outfile` (just built) with the fingerprint of the inputs the metafile lists */
    save(outfile: string, metafile: Metafile | undefined): void {
      if (!metafile) return;
      const inputs = Object.keys(metafile.inputs)
        .map((p) => resolve(p))
        .filter(isFile);
      try {
        copyFileSync(outfile, bundle);
        writeFileSync(keyFile, JSON.stringify({ inputs, key: fingerprint(inputs, o) }));
      } catch {
        // a cache that cannot be written only costs the next start a build
      }
    },
  };
}

function fingerprint(inputs: string[], o: { entry: string; hearthBackend: string }): string {
  const files = [...new Set([o.entry, o.hearthBackend, ...inputs])];
  const dirs = [...new Set(files.map((f) => dirname(f)))];
  return JSON.stringify([FORMAT, ...[...files, ...dirs].map(stamp)]);
}

/** `path size mtime`; throws when the path is gone, which the caller reads as "changed" */
function stamp(path: string): string {
  const s = statSync(path);
  return `${path} ${s.size} ${s.mtimeMs}`;
}

/** metafile inputs also name plugin namespaces (`hearth-amplify-backend:…`), which are not files */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
