#!/usr/bin/env node
/**
 * The `hearth` command (dist/cli/main.js, written from this file by scripts/bundle-cli.mjs). The
 * command itself is one CommonJS bundle, dist/cli/hearth.cjs; this launcher runs it with V8's code
 * cache, so a start does not parse and compile ~4 MB of JavaScript again.
 * - Node ≥ 22.1: Node's own compile cache (`module.enableCompileCache`).
 * - Node 20: the bundle is compiled as a `vm.Script` with the cached data of an earlier start. The
 *   cache is written once per bundle, Node version and architecture: when a `serve` reports start-up
 *   done (src/cli/startup-done.ts), so it holds what a start compiles, or at the exit of any other
 *   command when there was none. It lives beside the bundle, or in ~/.cache/hearth when the
 *   install is read-only; never in a shared folder, since a cache is code the next start runs.
 *   V8 checks a cache's version and flags, and this file names it after the bundle's hash.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** sha-256 of hearth.cjs, filled in by scripts/bundle-cli.mjs */
const BUNDLE_HASH = '%BUNDLE_HASH%';
/** first byte of a cache file: who wrote it (a start's cache holds more compiled code than a `generate`'s) */
const BY_SERVE = 1;
const BY_OTHER = 0;

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'hearth.cjs');
const requireInBundle = createRequire(bundle);
// the bundle's import() of ES modules goes through this module's (src/util/import-module.ts)
globalThis[Symbol.for('hearth.import')] = (specifier) => import(specifier);

if (typeof nodeModule.enableCompileCache === 'function') {
  nodeModule.enableCompileCache();
  requireInBundle(bundle);
} else {
  runWithCodeCache();
}

function runWithCodeCache() {
  const name = `cli-${BUNDLE_HASH}-${process.version}-${process.arch}.cache`;
  const homeDir = join(homedir(), '.cache', 'hearth');
  const places = [join(here, name), join(homeDir, name)];
  const found = readFirst(places);
  // the build checks the bundle is ASCII, so latin1 reads it exactly and without decoding UTF-8
  const source = readFileSync(bundle, 'latin1');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: found?.subarray(1),
  });
  const used = found !== undefined && !script.cachedDataRejected;
  let kept = used && found[0] === BY_SERVE;
  globalThis[Symbol.for('hearth.startup-done')] = () => {
    if (kept) return;
    kept = true;
    setImmediate(() => keep(script, BY_SERVE, places, homeDir));
  };
  if (!used) {
    process.once('exit', () => {
      if (kept) return;
      kept = true;
      keep(script, BY_OTHER, places, homeDir);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireInBundle, module, bundle, here);
}

function readFirst(paths) {
  for (const path of paths) {
    try {
      const data = readFileSync(path);
      if (data.length > 1) return data;
    } catch {
      // not there: try the next place
    }
  }
  return undefined;
}

/** Writes the cache to the first place that takes it; a cache that cannot be written only costs the next start its compiling. */
function keep(script, by, places, homeDir) {
  let data;
  try {
    data = Buffer.concat([Buffer.from([by]), script.createCachedData()]);
  } catch {
    return;
  }
  for (const path of places) {
    try {
      const dir = dirname(path);
      if (dir === homeDir) mkdirSync(homeDir, { recursive: true, mode: 0o700 });
      // one bundle's cache at a time: drop those of earlier builds and versions
      for (const old of readdirSync(dir)) {
        if (old.startsWith('cli-') && old.endsWith('.cache') && join(dir, old) !== path) rmSync(join(dir, old), { force: true });
      }
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, data, { mode: 0o600 });
        renameSync(tmp, path);
      } finally {
        rmSync(tmp, { force: true });
      }
      return;
    } catch {
      // read-only install or no home: the next place
    }
  }
}
