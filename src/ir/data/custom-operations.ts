import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DocumentNode, type FieldDefinitionNode, Kind } from 'graphql';
import { HearthError } from '../../util/errors.js';
import type { CustomArgumentIR, CustomOperationIR, CustomTypeRefIR, JsHandlerIR } from '../types.js';
import { compileAuthRule } from './auth-rules.js';
import { directiveArgs, findDirective } from './directives.js';
import { readFieldType, type TypeNames } from './field-type.js';

/** A custom operation whose `@function` names are not yet resolved to functions (compile-data does that). */
export interface ParsedCustomOperation extends Omit<CustomOperationIR, 'handlers'> {
  handlers: { ref: string; async: boolean }[];
}

const KINDS = { Query: 'query', Mutation: 'mutation', Subscription: 'subscription' } as const;

/**
 * The fields of `type Query` / `Mutation` / `Subscription` in Amplify's SDL → custom operations.
 * data-schema emits `@function(name: "Fn<Field>")` (or the name given to a.handler.function('name'))
 * once per pipeline step, `invocationType: Event` for `.async()`, and `@auth` rules like a model's.
 * `a.handler.custom` operations carry AppSync's native auth directives instead and get their JS
 * resolvers from `jsHandlers` (transform()'s jsFunctions, keyed `Type.field`); subscriptions add
 * `@aws_subscribe(mutations: [...])`. Fields with other handlers (AI routes) come back as warnings,
 * never as a silently missing field.
 */
export function parseCustomOperations(doc: DocumentNode, names: TypeNames, where: string, jsHandlers = new Map<string, JsHandlerIR[]>()) {
  const operations: ParsedCustomOperation[] = [];
  const warnings: string[] = [];
  const inputs = inputTypeNames(doc, names);
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeName = def.name.value;
    if (!(typeName in KINDS)) continue;
    for (const f of def.fields ?? []) {
      const kind = KINDS[typeName as keyof typeof KINDS];
      const op = parseOperation(f, { kind, names, inputs, where, js: jsHandlers.get(`${typeName}.${f.name.value}`) });
      if (op) operations.push(op);
      else
        warnings.push(
          `${where}: custom ${kind} ${f.name.value} has neither a function handler nor an a.handler.custom resolver; Hearth does not serve it.`,
        );
    }
  }
  return { operations, warnings };
}

interface OperationContext {
  kind: CustomOperationIR['kind'];
  names: TypeNames;
  /** `PointInput` → `Point` */
  inputs: Map<string, string>;
  where: string;
  /** the field's a.handler.custom steps, if any */
  js?: JsHandlerIR[];
}

function parseOperation(f: FieldDefinitionNode, c: OperationContext): ParsedCustomOperation | undefined {
  const handlers = (f.directives ?? [])
    .filter((d) => d.name.value === 'function')
    .map((d) => {
      const a = directiveArgs(d);
      return { ref: String(a.name), async: a.invocationType === 'Event' };
    });
  if (handlers.length === 0 && !c.js?.length) return undefined;
  const where = `${c.where}: ${c.kind} ${f.name.value}`;
  const auth = findDirective(f.directives, 'auth');
  const rules = auth ? ((directiveArgs(auth).rules as Record<string, unknown>[] | undefined) ?? []) : nativeAuthRules(f);
  const subscribe = findDirective(f.directives, 'aws_subscribe');
  return {
    kind: c.kind,
    name: f.name.value,
    arguments: (f.arguments ?? []).map((a) => readArgument(a.name.value, a.type, c, where)),
    returns: typeRef(readFieldType(f.type, c.names, `${where} returns`)),
    handlers,
    ...(handlers.length === 0 && c.js ? { jsHandlers: c.js } : {}),
    ...(subscribe ? { subscribesTo: ((directiveArgs(subscribe).mutations as string[] | undefined) ?? []).map(String) } : {}),
    authRules: rules.map((r) => compileAuthRule(r, where)),
  };
}

/**
 * a.handler.custom operations carry AppSync's own auth directives, not `@auth` (data-schema's
 * mapToNativeAppSyncAuthDirectives): each becomes the rule it was written from.
 */
function nativeAuthRules(f: FieldDefinitionNode): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const d of f.directives ?? []) {
    const name = d.name.value;
    if (name === 'aws_api_key') out.push({ allow: 'public', provider: 'apiKey' });
    else if (name === 'aws_oidc') out.push({ allow: 'private', provider: 'oidc' });
    else if (name === 'aws_lambda') out.push({ allow: 'custom', provider: 'function' });
    else if (name === 'aws_iam') out.push({ allow: 'private', provider: 'iam' });
    else if (name === 'aws_cognito_user_pools') {
      const groups = directiveArgs(d).cognito_groups as string[] | undefined;
      out.push(groups ? { allow: 'groups', provider: 'userPools', groups } : { allow: 'private', provider: 'userPools' });
    }
  }
  return out;
}

function readArgument(name: string, node: Parameters<typeof readFieldType>[0], c: OperationContext, where: string): CustomArgumentIR {
  const withInputs: TypeNames = { ...c.names, nonModels: new Set([...c.names.nonModels, ...c.inputs.keys()]) };
  const t = readFieldType(node, withInputs, `${where}(${name})`);
  if (t.type.kind === 'model') {
    throw new HearthError('ConfigError', `${where}: argument ${name} refers to model ${t.type.name}; use a custom type or an enum.`);
  }
  const custom = t.type.kind === 'nonModel' ? c.inputs.get(t.type.name) : undefined;
  return { name, ...typeRef(t), ...(custom ? { type: { kind: 'nonModel', name: custom } } : {}) };
}

function typeRef(t: ReturnType<typeof readFieldType>): CustomTypeRefIR {
  return { type: t.type, required: t.required, isArray: t.isArray, arrayNullable: t.arrayNullable };
}

/** `input XInput` declarations that mirror a custom type X (how data-schema passes custom types as arguments). */
function inputTypeNames(doc: DocumentNode, names: TypeNames): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of doc.definitions) {
    if (d.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) continue;
    const base = d.name.value.replace(/Input$/, '');
    if (base !== d.name.value && names.nonModels.has(base)) out.set(d.name.value, base);
  }
  return out;
}

/** One entry of `schema.transform().jsFunctions`. */
export interface JsFunctionSpec {
  typeName: string;
  fieldName: string;
  handlers: { dataSource: string; entry: string | { relativePath: string; importLine?: string } }[];
}

/**
 * transform()'s jsFunctions → each field's JS resolver steps, keyed `Type.field`. An entry is
 * relative to the file that called a.handler.custom (its `importLine` stack frame), else to the
 * data resource file. Only the NONE data source runs: a model's table (`<Model>Table`) would need
 * DynamoDB request objects, which Hearth does not execute.
 */
export function jsHandlerTable(specs: JsFunctionSpec[] | undefined, definedIn: string, where: string): Map<string, JsHandlerIR[]> {
  const out = new Map<string, JsHandlerIR[]>();
  for (const spec of specs ?? []) {
    const op = `${spec.typeName.toLowerCase()} ${spec.fieldName}`;
    out.set(
      `${spec.typeName}.${spec.fieldName}`,
      spec.handlers.map((h) => {
        if (h.dataSource !== 'NONE_DS') {
          throw new HearthError(
            'NotSupported',
            `${where}: custom ${op} uses a.handler.custom with data source ${h.dataSource}; Hearth does not run DynamoDB resolver requests yet. Use the NONE data source (omit dataSource) or a.handler.function.`,
          );
        }
        return { entry: resolveEntry(h.entry, definedIn, `${where}: custom ${op}`), dataSource: 'NONE' as const };
      }),
    );
  }
  return out;
}

function resolveEntry(entry: JsFunctionSpec['handlers'][number]['entry'], definedIn: string, where: string): string {
  const rel = typeof entry === 'string' ? entry : entry.relativePath;
  if (isAbsolute(rel)) return rel;
  const caller = typeof entry === 'string' ? undefined : callerFile(entry.importLine);
  const candidates = [caller, definedIn].filter((f): f is string => Boolean(f)).map((f) => resolve(dirname(f), rel));
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new HearthError('ConfigError', `${where}: a.handler.custom entry '${rel}' not found (looked for ${candidates.join(', ')}).`);
  return found;
}

/** `at file:///app/amplify/data/resource.ts:8:24` → `/app/amplify/data/resource.ts` */
function callerFile(importLine: string | undefined): string | undefined {
  const m = /(file:\/\/\S+?|\/\S+?):\d+:\d+\)?$/.exec(importLine?.trim() ?? '');
  if (!m?.[1]) return undefined;
  try {
    return m[1].startsWith('file:') ? fileURLToPath(m[1]) : m[1];
  } catch {
    return undefined;
  }
}
