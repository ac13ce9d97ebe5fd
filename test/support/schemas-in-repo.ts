/**
 * Every data schema written in the repository, as input SDL: what the tests, the fixture apps, the
 * examples and the bench apps define, collected from their sources so that a new test's schema is
 * picked up without being listed. Three shapes are found with the TypeScript parser:
 * - `a.schema({ … })` expressions (with their `.authorization(…)`), evaluated with
 *   `@aws-amplify/data-schema`; identifiers they use are the file's constants of that name
 *   (`const pub = (allow) => …`), or else their own names, which is what a function reference
 *   (`a.handler.function(fn)`, `allow.resource(fn)`) needs;
 * - string literals holding such code (apps written by tests), parsed the same way, and
 *   `a.schema` entries (`Todo: a.model(…)`) wrapped in `a.schema({ … })`;
 * - string literals holding SDL (`@model`, `type Query`): raw schemas given to defineData, and
 *   `.graphql` files holding input SDL (test/fixtures/parity/blog.input.graphql).
 * Expressions that need more than that (a helper's result) are reported as skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { transformSync } from 'esbuild';
import ts from 'typescript';

export interface FoundSchema {
  /** file:line of every place that defines this schema, joined by ' · ' */
  where: string;
  sdl: string;
}

const ROOTS = ['src', 'test', 'examples', 'bench/apps'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.amplify', 'browser']);
/** this file's own patterns are not schemas */
const SELF = 'test/support/schemas-in-repo.ts';

export function schemasInRepo(repoRoot: string): { found: FoundSchema[]; skipped: string[] } {
  const found: FoundSchema[] = [];
  const skipped: string[] = [];
  for (const file of ROOTS.flatMap((r) => sourceFiles(join(repoRoot, r)))) {
    const where = relative(repoRoot, file);
    if (where === SELF) continue;
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.graphql')) fromString(text, where, { found, skipped });
    else collect(text, where, { found, skipped });
  }
  const bySdl = new Map<string, FoundSchema>();
  for (const s of found) {
    const same = bySdl.get(s.sdl);
    if (same) same.where += ` · ${s.where}`;
    else bySdl.set(s.sdl, { ...s });
  }
  return { found: [...bySdl.values()], skipped };
}

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const path = join(dir, n);
    if (SKIP_DIRS.has(n)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|cjs|mjs|graphql)$/.test(n) && !n.endsWith('.d.ts') ? [path] : [];
  });
}

type Sink = { found: FoundSchema[]; skipped: string[] };

function collect(code: string, where: string, sink: Sink): void {
  const source = ts.createSourceFile(where, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const consts = constInitializers(source);
  const visit = (node: ts.Node): void => {
    const at = `${where}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (isSchemaCall(node)) {
      addEvaluated(outermostChain(node).getText(source), at, sink, consts);
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) fromString(node.text, at, sink);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

function fromString(text: string, at: string, sink: Sink): void {
  if (text.includes('a.schema(')) collect(text, at, sink);
  else if (/\ba\.(model|customType|enum)\(/.test(text)) addEvaluated(`a.schema({ ${text} })`, at, sink);
  else if (/@model\b|^\s*type Query\b/m.test(text)) sink.found.push({ where: at, sdl: text });
}

/** `const pub = (allow) => [allow.publicApiKey()]`: the file's constants, which schemas often use. */
function constInitializers(source: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && !out.has(node.name.text)) {
      out.set(node.name.text, node.initializer.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function isSchemaCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'schema' &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'a'
  );
}

/** `a.schema({…}).authorization(…)`: the whole chain, so schema-level rules are in the SDL too. */
function outermostChain(node: ts.Node): ts.Node {
  let n = node;
  while (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && ts.isCallExpression(n.parent.parent)) n = n.parent.parent;
  return n;
}

function addEvaluated(expression: string, at: string, sink: Sink, consts = new Map<string, string>()): void {
  try {
    const schema = evaluate(expression, consts, new Set()) as { transform(): { schema: string } };
    sink.found.push({ where: at, sdl: schema.transform().schema });
  } catch (e) {
    sink.skipped.push(`${at}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * Evaluates `expression` with `a` from data-schema; a free identifier is the file's constant of that
 * name when it has one (evaluated the same way), else its own name.
 */
function evaluate(expression: string, consts: Map<string, string>, resolving: Set<string>): unknown {
  const { code } = transformSync(`__value = (${expression});`, { loader: 'ts' });
  const scope = new Proxy({} as Record<string | symbol, unknown>, {
    has: (_, k) => typeof k === 'string' && k !== '__value',
    get: (_, k) => {
      if (k === 'a') return a;
      if (typeof k !== 'string') return undefined;
      if (k in globalThis) return (globalThis as never)[k];
      const init = consts.get(k);
      if (init === undefined || resolving.has(k)) return k;
      try {
        return evaluate(init, consts, new Set([...resolving, k]));
      } catch {
        // a helper's result (`fn('name')`, `defineFunction(…)`): its name stands for it
        return k;
      }
    },
  });
  // sloppy-mode `with` resolves the expression's free identifiers through `scope`
  const run = new Function('scope', `var __value; with (scope) { ${code} } return __value;`);
  return run(scope);
}
