/**
 * Bundles the `hearth` command into one file after tsc has built dist/. Node spends ~270 ms
 * resolving and loading Hearth's and its dependencies' hundreds of ES modules one by one; one file
 * loads in a fraction of that, which is most of the sandbox's start-up. The package exports
 * (hearth/backend, hearth/client, hearth/function-runtime) and the function worker stay tsc's
 * per-file output; native and lazily loaded packages stay external.
 */
import { rename } from 'node:fs/promises';
import { build } from 'esbuild';

const entry = new URL('../dist/cli/main.js', import.meta.url).pathname;
const out = new URL('../dist/cli/main.bundle.js', import.meta.url).pathname;

await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'esbuild', 'chokidar', '@aws-amplify/graphql-generator', '@aws-sdk/client-s3'],
  // bundled CommonJS dependencies call require(); give the ES module one
  banner: { js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);" },
  // graphql-js checks for duplicate module realms on every instanceof outside production
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await rename(out, entry);
