/**
 * Bundles the `hearth` command into one file after tsc has built dist/. Node spends ~270 ms
 * resolving and loading Hearth's and its dependencies' hundreds of ES modules one by one; one file
 * loads in a fraction of that, which is most of the sandbox's start-up. The bundle is CommonJS,
 * dist/cli/hearth.cjs, run by a small launcher (scripts/cli-launcher.mjs → dist/cli/main.js) with
 * V8's code cache: on Node 20 only a script, not an ES module, can be compiled from a cache, and
 * that saves the bundle's parse and compile on every start after the first. The package exports
 * (hearth/backend, hearth/client, hearth/function-runtime) and the function worker stay tsc's
 * per-file output; native and lazily loaded packages stay external.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const dir = new URL('../dist/cli/', import.meta.url).pathname;
const entry = `${dir}main.js`;
const bundle = `${dir}hearth.cjs`;
const LAUNCHER = new URL('./cli-launcher.mjs', import.meta.url).pathname;
/** what earlier builds left: their chunks and code caches */
const LEFTOVER = /^(chunk-[\w-]+\.js|cli-.*\.cache)$/;

/**
 * External packages required when the code using them first runs, through a small CommonJS
 * stand-in (`module.exports = require(pkg)`): the S3 SDK (~50 files) only for an S3 blob store,
 * pg only on PostgreSQL, @simplewebauthn/server only for passkeys and selfsigned only for a TLS
 * certificate (with their ASN.1 and X.509 packages, ~1 MB a start would otherwise read). esbuild,
 * also external, is loaded on first use (src/util/esbuild.ts).
 */
const ON_DEMAND = ['@aws-sdk/client-s3', '@simplewebauthn/server', 'pg', 'selfsigned'];

/** @type {import('esbuild').Plugin} */
const onDemandPackages = {
  name: 'hearth-on-demand-packages',
  setup(b) {
    const filter = new RegExp(`^(${ON_DEMAND.map((p) => p.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, ({ path, namespace }) =>
      namespace === 'hearth-on-demand' ? { path, external: true } : { path, namespace: 'hearth-on-demand' },
    );
    b.onLoad({ filter: /.*/, namespace: 'hearth-on-demand' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

// run twice without tsc in between, the entry is the launcher: leave it (and its bundle) alone
if ((await readFile(entry, 'utf8')).includes('hearth.startup-done')) {
  console.log('dist/cli/main.js is bundled already (run tsc -p tsconfig.build.json first to bundle again)');
  process.exit(0);
}
for (const f of await readdir(dir)) if (LEFTOVER.test(f)) await rm(`${dir}${f}`);

/**
 * `@aws-amplify/data-schema` reaches the bundle only through hearth/backend's `export { a }`, which
 * the CLI never calls (the app's bundle imports hearth/backend itself); marked free of side effects,
 * the unused package is left out instead of evaluated on every start.
 */
/** @type {import('esbuild').Plugin} */
const unusedDataSchema = {
  name: 'hearth-unused-data-schema',
  setup(b) {
    b.onResolve({ filter: /^@aws-amplify\/data-schema$/ }, async ({ path, resolveDir, kind, pluginData }) => {
      if (pluginData === 'resolving') return undefined;
      const r = await b.resolve(path, { resolveDir, kind, pluginData: 'resolving' });
      return { ...r, sideEffects: false };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile: bundle,
  // what only dynamic imports reach (passkeys' @simplewebauthn/server, TLS certificates, the S3 blob
  // store, the trigger commands) is wrapped to run when first imported, not on every start
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3', 'chokidar', 'esbuild', '@aws-amplify/graphql-generator'],
  plugins: [onDemandPackages, unusedDataSchema],
  // the bundle names its own file where the sources read import.meta.url (dist/cli/, as before)
  define: { 'import.meta.url': '__hearthImportMetaUrl', 'process.env.NODE_ENV': '"production"' },
  // strict, as the ES modules it is built from (a banner before esbuild's own "use strict" would void it)
  banner: { js: "'use strict';\nconst __hearthImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  charset: 'ascii',
  logLevel: 'warning',
});
await writeFile(bundle, checkedSource(await readFile(bundle, 'utf8')));
// what the bundle requires on demand must be installed where it will look, not found missing by a user's first passkey
for (const pkg of ON_DEMAND) createRequire(bundle).resolve(pkg);
const hash = createHash('sha256')
  .update(await readFile(bundle))
  .digest('hex')
  .slice(0, 16);
await writeFile(entry, (await readFile(LAUNCHER, 'utf8')).replace('%BUNDLE_HASH%', hash), { mode: 0o755 });
// tsc's map of the entry no longer matches it
await rm(`${entry}.map`, { force: true });

/**
 * The bundle as the launcher runs it: ASCII only (the launcher reads it as latin1; esbuild leaves
 * non-ASCII in comments and regular expressions, where a \u escape means the same), and with no
 * `import()` of its own, which a script compiled from a code cache cannot run on Node 20 (the
 * sources call importModule, src/util/import-module.ts).
 */
function checkedSource(source) {
  const ascii = source.replace(/^#!.*/, '').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const lines = ascii.split('\n');
  // a call, not a method named import (`import(data) {`) nor importModule's own, which the launcher's replaces
  const allowed = (l) => /^\s*(async\s+)?import\([^)]*\)\s*\{/.test(l) || l.includes('lent ? lent(specifier) : import(specifier)');
  const stray = lines.findIndex((l) => /(?<![\w$.])import\(/.test(l) && !allowed(l));
  if (stray >= 0) throw new Error(`dist/cli/hearth.cjs:${stray + 1} calls import(); use importModule (src/util/import-module.ts)`);
  return ascii;
}

/**
 * hearth/backend, which every start imports (the user's backend.ts imports it), in one file too:
 * tsc's output and @aws-amplify/data-schema under it are ~35 ES modules, each resolved, read and
 * compiled on its own. Its exports are the same; `defineBackend` finds the CLI's registry through
 * a global symbol (backend/registry.ts), so the copy in this file and the CLI's are one registry.
 */
const backendEntry = new URL('../dist/backend/index.js', import.meta.url).pathname;
await build({
  entryPoints: { 'index.bundle': backendEntry },
  outdir: new URL('../dist/backend/', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
await rename(backendEntry.replace(/index\.js$/, 'index.bundle.js'), backendEntry);
