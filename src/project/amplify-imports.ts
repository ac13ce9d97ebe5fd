import { readFileSync } from 'node:fs';
import { dirname, extname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { importModule } from '../util/import-module.js';
import { hearthModules } from './hearth-paths.js';

/** `@aws-amplify/backend` and the packages it re-exports (`-auth`, `-data`, `-function`, `-storage`, …). */
const AMPLIFY_BACKEND = /^@aws-amplify\/backend(-[a-z0-9-]+)?(\/[\w/-]+)?$/;
const RUNTIME = '@aws-amplify/backend/function/runtime';
const NAMESPACE = 'hearth-amplify-backend';
/** aws-cdk-lib, constructs, and the alpha Lambda constructs of Amplify's custom-function docs (Go, Python) */
const CDK = /^(aws-cdk-lib(\/[\w-]+)?|constructs|@aws-cdk\/aws-lambda-(go|python)-alpha)$/;
/** `import.meta.url` (and `__dirname`) would name the bundle under .amplify/; user files get their own (e.g. `Code.fromAsset(functionDir)`) */
const IMPORT_META = /\bimport\.meta\.(url|dirname|filename)\b/g;
const USER_SOURCE = /\.(m|c)?[jt]sx?$/;
const CDK_NAMESPACE = 'hearth-cdk';

/** Why a known Amplify export is missing, where a better hint than "remove it" exists. */
const HINTS: Record<string, string> = {
  defineConversationHandlerFunction: 'Amplify AI (Bedrock) has no local equivalent',
};

/**
 * Maps `@aws-amplify/backend*` imports to Hearth's backend module, so an app needs no Amplify
 * install. Each importing file gets a small module re-exporting Hearth's; a name Hearth lacks
 * (`defineConversationHandlerFunction`, …) becomes a value that throws
 * "`X` … is not supported by Hearth" naming the user's file when used, instead of Node's bare
 * "does not provide an export named" or `undefined is not a function`.
 */
export function amplifyImports(projectRoot: string): Plugin {
  // the names of the module the shims re-export (a static import would put @aws-amplify/data-schema in the CLI bundle)
  const known = importModule(pathToFileURL(hearthModules.backend).href).then((m) => new Set(Object.keys(m)));
  known.catch(() => {});
  return {
    name: 'hearth-amplify-imports',
    setup(b) {
      b.onResolve({ filter: /^@aws-amplify\/backend/ }, ({ path, importer }) => {
        if (path === RUNTIME) return { path: pathToFileURL(hearthModules.functionRuntime).href, external: true };
        if (!AMPLIFY_BACKEND.test(path)) return undefined;
        return { path: `${path}?from=${importer}`, namespace: NAMESPACE, pluginData: { pkg: path, importer } };
      });
      // backend.ts may build CDK constructs; Hearth deploys none, so aws-cdk-lib is a stand-in that reports them
      b.onResolve({ filter: CDK }, ({ path, importer }) => ({
        path: `${path}?from=${importer}`,
        namespace: CDK_NAMESPACE,
        pluginData: { pkg: path, importer },
      }));
      b.onLoad({ filter: USER_SOURCE, namespace: 'file' }, ({ path }) => ownImportMeta(path));
      b.onLoad({ filter: /.*/, namespace: CDK_NAMESPACE }, ({ pluginData }) => {
        const { pkg, importer } = pluginData as { pkg: string; importer: string };
        const source = readFileSync(importer, 'utf8');
        const names = new Set([...importedNames(source, pkg), ...namespaceMembers(source, pkg)]);
        return { contents: cdkShimSource([...names], pkg), loader: 'js', resolveDir: projectRoot };
      });
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, async ({ pluginData }) => {
        const { pkg, importer } = pluginData as { pkg: string; importer: string };
        const file = relative(projectRoot, importer) || importer;
        const names = await known;
        const missing = importedNames(readFileSync(importer, 'utf8'), pkg).filter((n) => !names.has(n));
        return { contents: shimSource(missing, pkg, file), loader: 'js', resolveDir: projectRoot };
      });
    },
  };
}

/** A user file (not a package) that reads `import.meta.url` or `__dirname`, with the file's own values in place. */
function ownImportMeta(path: string): { contents: string; loader: 'ts' | 'tsx' | 'js' | 'jsx' } | undefined {
  if (path.includes('/node_modules/')) return undefined;
  const source = readFileSync(path, 'utf8');
  const contents = withOwnPaths(source, path);
  if (contents === source) return undefined;
  const ext = extname(path).replace(/^\.[cm]?/, '');
  return { contents, loader: (['ts', 'tsx', 'jsx'].includes(ext) ? ext : 'js') as 'ts' | 'tsx' | 'js' | 'jsx' };
}

/**
 * `import.meta.url`/`dirname`/`filename`, and `__dirname`/`__filename` where the file does not declare
 * them (CommonJS, as in backend.cjs), replaced by the file's own values: the bundle lives elsewhere.
 */
export function withOwnPaths(source: string, file: string): string {
  const values = { url: pathToFileURL(file).href, dirname: dirname(file), filename: file };
  let out = source.includes('import.meta.')
    ? source.replace(IMPORT_META, (_m, k: keyof typeof values) => JSON.stringify(values[k]))
    : source;
  for (const [name, value] of [
    ['__dirname', values.dirname],
    ['__filename', values.filename],
  ] as const) {
    const declared = new RegExp(`(?:const|let|var|function|import)\\s+(?:\\{[^}]*)?\\b${name}\\b|\\b${name}\\s*[:=](?!=)`);
    if (out.includes(name) && !declared.test(out))
      out = out.replace(new RegExp(`(?<![\\w$.'"\`])${name}(?![\\w$'"\`])`, 'g'), JSON.stringify(value));
  }
  return out;
}

/** The names a file imports from `pkg`: `import { a, b as c } from`, `const { a } = require(…)`. */
export function importedNames(source: string, pkg: string): string[] {
  const quoted = `['"]${pkg.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&')}['"]`;
  const forms = [
    new RegExp(`import\\s+(?:type\\s+)?(?:[\\w$]+\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s*${quoted}`, 'g'),
    new RegExp(`export\\s+(?:type\\s+)?\\{([^}]*)\\}\\s*from\\s*${quoted}`, 'g'),
    new RegExp(`\\{([^}]*)\\}\\s*=\\s*require\\(\\s*${quoted}\\s*\\)`, 'g'),
  ];
  const names = new Set<string>();
  for (const re of forms) {
    for (const m of source.matchAll(re)) {
      for (const part of (m[1] ?? '').split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+|\s*:\s*/)[0]
          ?.trim();
        if (name && /^[\w$]+$/.test(name)) names.add(name);
      }
    }
  }
  return [...names];
}

function shimSource(missing: string[], pkg: string, file: string): string {
  const hearth = JSON.stringify(pathToFileURL(hearthModules.backend).href);
  const lines = [`export * from ${hearth};`, `import { unsupportedExport as __unsupported } from ${hearth};`];
  for (const name of missing) {
    const args = [name, pkg, file, HINTS[name] ?? ''].map((s) => JSON.stringify(s)).join(', ');
    lines.push(`export const ${name} = __unsupported(${args});`);
  }
  return lines.join('\n');
}

/** `cdk.Stack` for `import * as cdk from 'aws-cdk-lib'` or `const cdk = require('aws-cdk-lib')`. */
export function namespaceMembers(source: string, pkg: string): string[] {
  const quoted = `['"]${pkg.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&')}['"]`;
  const aliases = [
    ...source.matchAll(new RegExp(`import\\s+\\*\\s+as\\s+([\\w$]+)\\s+from\\s*${quoted}`, 'g')),
    ...source.matchAll(new RegExp(`([\\w$]+)\\s*=\\s*require\\(\\s*${quoted}\\s*\\)`, 'g')),
  ].map((m) => m[1]!);
  const names = new Set<string>();
  for (const alias of aliases) {
    for (const m of source.matchAll(new RegExp(`(?<![\\w$.])${alias.replace('$', '\\$')}\\.([A-Za-z_$][\\w$]*)`, 'g'))) names.add(m[1]!);
  }
  return [...names];
}

function cdkShimSource(names: string[], pkg: string): string {
  const hearth = JSON.stringify(pathToFileURL(hearthModules.backend).href);
  const lines = [`import { cdkStandIn as __cdk } from ${hearth};`];
  for (const name of names)
    if (name !== 'default') lines.push(`export const ${name} = __cdk(${JSON.stringify(name)}, ${JSON.stringify(pkg)});`);
  return lines.join('\n');
}
