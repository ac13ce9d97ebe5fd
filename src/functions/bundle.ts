import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Message, Plugin } from 'esbuild';
import type { FunctionIR } from '../ir/types.js';
import { type BuildStamp, createBuildStamp } from '../util/build-stamp.js';
import { esbuild } from '../util/esbuild.js';
import { awsSdkFromRuntime } from './bundle-aws-sdk.js';
import { hearthModulePath } from './hearth-modules.js';

export interface FunctionBundle {
  /** `<projectRoot>/.amplify/hearth/functions/<name>/index.mjs` */
  outfile: string;
  /** every source file bundled in, with its mtime: reload compares them to spot handler edits */
  inputs: Record<string, number>;
}

/** A handler that does not compile; `message` names the file and line. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** The folder a function's bundle (and its cwd, as Lambda's task root) lives in. */
export function functionBundleDir(projectRoot: string, name: string): string {
  return join(projectRoot, '.amplify', 'hearth', 'functions', name);
}

/**
 * Bundles a handler the way Amplify's defineFunction does (ESM, node, source maps) with npm
 * packages left external: the bundle sits inside the app, so `aws-amplify` resolves from the app's
 * own node_modules, and bundling stays in the tens of milliseconds.
 */
export async function bundleFunction(fn: FunctionIR, projectRoot: string): Promise<FunctionBundle> {
  const outfile = join(functionBundleDir(projectRoot, fn.name), 'index.mjs');
  const stamp = buildStamp(fn, projectRoot, outfile);
  const kept = existsSync(outfile) ? stamp.unchanged() : undefined;
  if (kept) return { outfile, inputs: await mtimes(kept) };
  try {
    const result = await esbuild().build({
      ...entryOf(fn),
      outfile,
      absWorkingDir: projectRoot,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
      // as Amplify's banner: bundled CommonJS-style code may still call require()
      banner: {
        js: "import { createRequire as __hearthCreateRequire } from 'node:module'; const require = __hearthCreateRequire(import.meta.url);",
      },
      plugins: [amplifyAliases(projectRoot), awsSdkFromRuntime({ projectRoot, functionName: fn.name })],
    });
    const inputs = inputFiles(projectRoot, Object.keys(result.metafile.inputs));
    stamp.save(inputs);
    return { outfile, inputs: await mtimes(inputs) };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors?.length) throw e;
    throw new BundleError(errors.map(formatMessage).join('\n'));
  }
}

/**
 * The handler file, or for a CDK-built function (`handler: 'index.main'`, maybe CommonJS) a small
 * module that exports its handler as `handler`, the name the worker imports.
 */
function entryOf(fn: FunctionIR): { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string; sourcefile: string } } {
  if (!fn.handler) return { entryPoints: [fn.entry] };
  const name = JSON.stringify(fn.handler);
  const contents = [
    `import * as m from ${JSON.stringify(fn.entry)};`,
    `const h = m[${name}] ?? m.default?.[${name}];`,
    `if (typeof h !== 'function') throw Object.assign(new Error(${JSON.stringify(`${fn.handler} is not exported by ${fn.entry}`)}), { name: 'Runtime.HandlerNotFound' });`,
    'export { h as handler };',
  ].join('\n');
  return { stdin: { contents, resolveDir: dirname(fn.entry), sourcefile: `hearth-handler-${fn.name}.mjs` } };
}

/** True when a file the bundle was built from has changed or disappeared since. */
export async function isBundleStale(bundle: FunctionBundle): Promise<boolean> {
  for (const [file, mtime] of Object.entries(bundle.inputs)) {
    const now = await stat(file).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (now !== mtime) return true;
  }
  return false;
}

function formatMessage(m: Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
  return `${where}${m.text}`;
}

/** The files a metafile lists, absolute; the generated handler module of a CDK-built function has no file (entryOf). */
function inputFiles(projectRoot: string, inputs: string[]): string[] {
  return inputs
    .filter((i) => !/^[a-z-]+:/.test(i) && !/(^|\/)hearth-handler-[^/]*$/.test(i))
    .map((i) => (isAbsolute(i) ? i : join(projectRoot, i)));
}

async function mtimes(files: string[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await stat(f)).mtimeMs] as const)));
}

/** Bump when the esbuild options or plugins below change what a bundle holds. */
const FORMAT = 1;

/**
 * The last bundle's fingerprint (util/build-stamp.ts): a start whose handler files did not change
 * reuses it without starting esbuild. Besides the files read, it covers what decides how imports
 * resolve without being read: the generated `$amplify/env` module (present or not), the app's
 * package files (which `@aws-sdk/*` copy the bundle names), Hearth's runtime module, and the IR's
 * entry and handler.
 */
function buildStamp(fn: FunctionIR, projectRoot: string, outfile: string): BuildStamp {
  const always = [
    join(projectRoot, '.amplify', 'generated', 'env', `${fn.name}.ts`),
    join(projectRoot, 'package.json'),
    join(projectRoot, 'package-lock.json'),
    hearthModulePath('function-runtime/index') ?? '',
  ];
  return createBuildStamp({ keyFile: `${outfile}.inputs.json`, always, salt: [FORMAT, fn.entry, fn.handler ?? null] });
}

/**
 * The imports Amplify resolves for a handler: `$amplify/env/<name>` (the generated env module, or
 * a plain `process.env` stand-in before codegen has run) and `@aws-amplify/backend[/function/runtime]`,
 * which point at Hearth's own modules.
 */
function amplifyAliases(projectRoot: string): Plugin {
  const hearth: Record<string, string> = {
    '@aws-amplify/backend': 'backend/index',
    '@aws-amplify/backend/function/runtime': 'function-runtime/index',
  };
  return {
    name: 'hearth-amplify-aliases',
    setup(b) {
      b.onResolve({ filter: /^\$amplify\/env\// }, ({ path }) => {
        const name = path.slice('$amplify/env/'.length).replace(/\.(js|ts)$/, '');
        const file = join(projectRoot, '.amplify', 'generated', 'env', `${name}.ts`);
        return existsSync(file) ? { path: file } : { path: name, namespace: 'hearth-env' };
      });
      b.onLoad({ filter: /.*/, namespace: 'hearth-env' }, () => ({ contents: 'export const env = process.env;', loader: 'js' }));
      b.onResolve({ filter: /^@aws-amplify\/backend(\/function\/runtime)?$/ }, ({ path }) => {
        const target = hearthModulePath(hearth[path] ?? '');
        return target
          ? { path: target }
          : { errors: [{ text: `Hearth's module for '${path}' is missing; run 'npm run build' in Hearth.` }] };
      });
    },
  };
}
