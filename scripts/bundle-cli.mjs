/**
 * Bundles the `hearth` command into one file after tsc has built dist/. Node spends ~270 ms
 * resolving and loading Hearth's and its dependencies' hundreds of ES modules one by one; one file
 * loads in a fraction of that, which is most of the sandbox's start-up. The package exports
 * (hearth/backend, hearth/client, hearth/function-runtime) and the function worker stay tsc's
 * per-file output; native and lazily loaded packages stay external.
 */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const dir = new URL('../dist/cli/', import.meta.url).pathname;
const entry = `${dir}main.js`;
const CHUNK = /^chunk-[\w-]+\.js$/;

/**
 * External CommonJS packages, reached through a small CommonJS stand-in (`module.exports =
 * require(pkg)`) that esbuild bundles, instead of an ES `import`:
 * - an ES `import` of an external package is hoisted to the top of the bundle, so Node would load
 *   the S3 SDK (~50 files) on every start although only the S3 blob store, behind a dynamic import,
 *   uses it; the stand-in is required when the code importing it first runs;
 * - Node parses a CommonJS package imported from an ES module once more to find its export names
 *   (cjs-module-lexer: ~25 ms for esbuild's 100 KB main.js); require() skips that.
 */
const ON_DEMAND = ['@aws-sdk/client-s3', 'esbuild', 'pg'];

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

// run twice without tsc in between, the entry is the bundle itself: leave it (and its chunks) alone
if ((await readFile(entry, 'utf8')).includes('__hearthRequire')) {
  console.log('dist/cli/main.js is bundled already (run tsc -p tsconfig.build.json first to bundle again)');
  process.exit(0);
}
// chunks of an earlier build
for (const f of await readdir(dir)) if (CHUNK.test(f)) await rm(`${dir}${f}`);

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
  entryPoints: { 'main.bundle': entry },
  outdir: dir,
  // what only dynamic imports reach (passkeys' @simplewebauthn/server, TLS certificates, the S3 blob
  // store, the trigger commands) goes to chunks Node reads when they are imported, not on every
  // start; chunks sit beside main.js, so `import.meta.url` in them names the same folder
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'chokidar', '@aws-amplify/graphql-generator'],
  plugins: [onDemandPackages, unusedDataSchema],
  // bundled CommonJS dependencies call require(); give the ES module one
  banner: { js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);" },
  // graphql-js checks for duplicate module realms on every instanceof outside production
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await rename(`${dir}main.bundle.js`, entry);

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
