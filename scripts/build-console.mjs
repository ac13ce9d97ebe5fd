/**
 * Builds the dev console SPA (console/) into dist/console/: index.html plus content-hashed,
 * code-split ES modules and CSS under assets/. GraphiQL and the "try it" page (which carries
 * aws-amplify) are dynamic imports, so esbuild puts them in chunks of their own that the browser
 * fetches only when that view opens. Nothing comes from a CDN: the console works offline.
 *
 * Prints each file's gzip size and the total the first paint needs (entry + its static imports),
 * which the issue asks to keep under 500 KB.
 *
 *   node scripts/build-console.mjs [--quiet]
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/console');
const assets = join(outDir, 'assets');
const quiet = process.argv.includes('--quiet');

await rm(outDir, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await build({
  entryPoints: { console: join(root, 'console/src/main.tsx') },
  outdir: assets,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  minify: true,
  metafile: true,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
  // aws-amplify and graphql-js read these; a browser has neither
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  legalComments: 'linked',
  plugins: [inlineCss()],
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const entryPath = Object.keys(outputs).find((p) => outputs[p].entryPoint === 'console/src/main.tsx');
const entry = outputs[entryPath];
const cssPath = entry.cssBundle;
const rel = (p) => relative(outDir, join(root, p)).split('\\').join('/');

await writeFile(join(outDir, 'index.html'), indexHtml(rel(entryPath), cssPath && rel(cssPath)));

const sizes = await gzipSizes(outputs);
const firstPaint = new Set([entryPath, cssPath, ...reachable(outputs, entryPath, ['import-statement'])].filter(Boolean));
const groups = {
  firstPaint: [...firstPaint],
  graphiql: lazyGroup('graphiql-panel'),
  tryIt: lazyGroup('try-it-page'),
};
const summary = Object.fromEntries(
  Object.entries(groups).map(([k, files]) => [`${k}Gzip`, files.reduce((n, p) => n + (sizes.get(p) ?? 0), 0)]),
);
await writeFile(
  join(outDir, 'sizes.json'),
  `${JSON.stringify({ ...summary, files: Object.fromEntries([...sizes].map(([p, n]) => [rel(p), n])) }, null, 2)}\n`,
);
if (!quiet) report(summary);

/** A lazily imported view: its chunk and everything it pulls in that the first paint did not already load. */
function lazyGroup(name) {
  const start = Object.keys(outputs).find((p) => basename(p).startsWith(`${name}-`) && p.endsWith('.js'));
  if (!start) return [];
  return [start, ...reachable(outputs, start, ['import-statement', 'dynamic-import'])].filter((p) => !firstPaint.has(p));
}

/**
 * `import text from 'pkg/x.css?inline'`: the stylesheet as a string. A lazily loaded chunk (GraphiQL)
 * cannot rely on esbuild's CSS output, which only the entry's <link> loads; it injects its own.
 */
function inlineCss() {
  return {
    name: 'inline-css',
    setup(b) {
      b.onResolve({ filter: /\.css\?inline$/ }, async (args) => {
        const r = await b.resolve(args.path.replace(/\?inline$/, ''), { kind: args.kind, resolveDir: args.resolveDir });
        return { path: r.path, namespace: 'inline-css', errors: r.errors };
      });
      b.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => ({
        contents: await readFile(args.path, 'utf8'),
        loader: 'text',
      }));
    },
  };
}

function indexHtml(js, css) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hearth console</title>
<link rel="icon" href="data:,">
${css ? `<link rel="stylesheet" href="./${css}">` : ''}
<script type="module" src="./${js}"></script>
</head>
<body><div id="root"></div></body>
</html>
`;
}

/** Every output `from` imports with one of `kinds`, transitively. */
function reachable(all, from, kinds, seen = new Set()) {
  for (const imp of all[from]?.imports ?? []) {
    if (!kinds.includes(imp.kind) || seen.has(imp.path) || imp.external) continue;
    seen.add(imp.path);
    reachable(all, imp.path, kinds, seen);
  }
  return [...seen];
}

async function gzipSizes(all) {
  const sizes = new Map();
  for (const p of Object.keys(all)) {
    if (p.endsWith('.map') || p.endsWith('.LEGAL.txt')) continue;
    sizes.set(p, gzipSync(await readFile(join(root, p))).length);
  }
  return sizes;
}

function report(summary) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(
    `console bundle, gzip: first paint ${kb(summary.firstPaintGzip)} (aim < 500 KB) · GraphiQL on demand ${kb(summary.graphiqlGzip)} · "try it" on demand ${kb(summary.tryItGzip)}`,
  );
}
