import { type DocumentNode, type FieldDefinitionNode, Kind, type ObjectTypeDefinitionNode } from 'graphql';
import { HearthError } from '../../util/errors.js';
import type { CustomArgumentIR, CustomOperationIR, CustomTypeRefIR } from '../types.js';
import { compileAuthRule } from './auth-rules.js';
import { directiveArgs, findDirective } from './directives.js';
import { readFieldType, type TypeNames } from './field-type.js';

/** A custom operation whose `@function` names are not yet resolved to functions (compile-data does that). */
export interface ParsedCustomOperation extends Omit<CustomOperationIR, 'handlers'> {
  handlers: { ref: string; async: boolean }[];
}

const KINDS = { Query: 'query', Mutation: 'mutation' } as const;

/**
 * The fields of `type Query` / `type Mutation` in Amplify's SDL → custom operations. data-schema
 * emits `@function(name: "Fn<Field>")` (or the name given to a.handler.function('name')) once per
 * pipeline step, `invocationType: Event` for `.async()`, and `@auth` rules like a model's.
 * Fields with other handlers (a.handler.custom JS resolvers, AI routes) and custom subscriptions
 * are not served: they come back as warnings, never as a silently missing field.
 */
export function parseCustomOperations(doc: DocumentNode, names: TypeNames, where: string) {
  const operations: ParsedCustomOperation[] = [];
  const warnings: string[] = [];
  const inputs = inputTypeNames(doc, names);
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeName = def.name.value;
    if (typeName === 'Subscription') {
      warnings.push(`${where}: custom subscriptions are not served by Hearth yet (${fieldList(def)}).`);
      continue;
    }
    if (!(typeName in KINDS)) continue;
    for (const f of def.fields ?? []) {
      const op = parseOperation(f, { kind: KINDS[typeName as keyof typeof KINDS], names, inputs, where });
      if (op) operations.push(op);
      else
        warnings.push(
          `${where}: custom ${typeName.toLowerCase()} ${f.name.value} has no function handler; Hearth serves only a.handler.function(...) operations.`,
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
}

function parseOperation(f: FieldDefinitionNode, c: OperationContext): ParsedCustomOperation | undefined {
  const handlers = (f.directives ?? [])
    .filter((d) => d.name.value === 'function')
    .map((d) => {
      const a = directiveArgs(d);
      return { ref: String(a.name), async: a.invocationType === 'Event' };
    });
  if (handlers.length === 0) return undefined;
  const where = `${c.where}: ${c.kind} ${f.name.value}`;
  const rules = (directiveArgs(findDirective(f.directives, 'auth')).rules as Record<string, unknown>[] | undefined) ?? [];
  return {
    kind: c.kind,
    name: f.name.value,
    arguments: (f.arguments ?? []).map((a) => readArgument(a.name.value, a.type, c, where)),
    returns: typeRef(readFieldType(f.type, c.names, `${where} returns`)),
    handlers,
    authRules: rules.map((r) => compileAuthRule(r, where)),
  };
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

function fieldList(def: ObjectTypeDefinitionNode): string {
  return (def.fields ?? []).map((f) => f.name.value).join(', ');
}
