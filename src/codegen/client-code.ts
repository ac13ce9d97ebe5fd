import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatementsTarget, TypesTarget } from '@aws-amplify/graphql-generator';
import { type DefinitionNode, Kind, parse, print } from 'graphql';
import { APPSYNC_SCALARS } from '../ir/types.js';
import { loadGraphqlGenerator } from './graphql-generator.js';

export interface GraphqlClientCodeOptions {
  /** the served (AppSync) SDL, as `ampx` fetches it with GetIntrospectionSchema */
  sdl: string;
  outDir: string;
  /** default 'graphql-codegen' */
  format?: 'graphql-codegen' | 'introspection' | 'modelgen';
  /** default 'typescript' */
  statementTarget?: StatementsTarget;
  /** default derived from statementTarget, as `ampx` does */
  typeTarget?: TypesTarget;
  /** default 2 */
  maxDepth?: number;
  /** default true: select `__typename` */
  typenameIntrospection?: boolean;
  /** required for format 'introspection' */
  modelIntrospection?: object;
}

/**
 * `npx ampx generate graphql-client-code` (reference §6): writes `queries.ts`, `mutations.ts`,
 * `subscriptions.ts` and `API.ts` (or the chosen targets) into outDir; returns the written paths.
 * `modelgen` is not supported (it needs the full Amplify modelgen toolchain).
 */
export async function generateGraphqlClientCode(opts: GraphqlClientCodeOptions): Promise<string[]> {
  const format = opts.format ?? 'graphql-codegen';
  if (format === 'modelgen') throw new Error("Hearth does not support '--format modelgen'; use 'graphql-codegen' or 'introspection'.");
  const files = format === 'introspection' ? introspectionFiles(opts) : await codegenFiles(opts);
  await mkdir(opts.outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = join(opts.outDir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}

function introspectionFiles(opts: GraphqlClientCodeOptions): Record<string, string> {
  if (!opts.modelIntrospection) throw new Error("format 'introspection' needs the model introspection schema");
  return { 'model-introspection.json': JSON.stringify(opts.modelIntrospection, null, 2) };
}

async function codegenFiles(opts: GraphqlClientCodeOptions): Promise<Record<string, string>> {
  const { generateStatements, generateTypes } = loadGraphqlGenerator();
  const schema = withoutAppSyncDeclarations(opts.sdl);
  const target = opts.statementTarget ?? 'typescript';
  const statementOptions = { schema, maxDepth: opts.maxDepth ?? 2, typenameIntrospection: opts.typenameIntrospection ?? true };
  const statements = generateStatements({ ...statementOptions, target, relativeTypesPath: './API' });
  const typeTarget = opts.typeTarget ?? defaultTypeTarget(target);
  if (!typeTarget) return statements;
  // the types generator parses plain GraphQL documents, not the TS statement files
  const queries = Object.values(generateStatements({ ...statementOptions, target: 'graphql' })).join('\n');
  const types = await generateTypes({ schema, target: typeTarget, queries, amplifyJsLibraryVersion: 6 });
  return { ...statements, ...types };
}

/** `ampx` derives the type target from the statement target; javascript/graphql get none. */
function defaultTypeTarget(target: StatementsTarget): TypesTarget | undefined {
  if (target === 'typescript' || target === 'flow' || target === 'angular') return target;
  return undefined;
}

// the generator's own list also has the SQL-only BigInt and Double
const GENERATOR_SCALARS = new Set<string>([...APPSYNC_SCALARS, 'BigInt', 'Double']);

/**
 * The generator appends its own AppSync scalar and directive declarations (as AppSync's printed
 * SDL omits them), so a served SDL that declares them for graphql-js must drop them first.
 */
export function withoutAppSyncDeclarations(sdl: string): string {
  const doc = parse(sdl);
  const keep = (d: DefinitionNode) => {
    if (d.kind === Kind.SCALAR_TYPE_DEFINITION) return !GENERATOR_SCALARS.has(d.name.value);
    if (d.kind === Kind.DIRECTIVE_DEFINITION) return !(d.name.value.startsWith('aws_') || d.name.value === 'deprecated');
    return true;
  };
  return print({ ...doc, definitions: doc.definitions.filter(keep) });
}
