import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  type TypeNode,
  valueFromASTUntyped,
} from 'graphql';

/** A directive as written, arguments as plain values (what Amplify's codegen reads them as). */
export interface SdlDirective {
  name: string;
  args: Record<string, any>;
}

/** A field or argument's type, unwrapped the way Amplify's codegen unwraps it. */
export interface SdlTypeRef {
  name: string;
  type: string;
  isNullable: boolean;
  isList: boolean;
  /** only for list types */
  isListNullable?: boolean;
}

export interface SdlField extends SdlTypeRef {
  directives: SdlDirective[];
  parameters: SdlTypeRef[];
  /** only on the timestamp fields the model adds */
  isReadOnly?: boolean;
}

export interface SdlObject {
  name: string;
  directives: SdlDirective[];
  fields: SdlField[];
}

export interface SdlSchema {
  objects: SdlObject[];
  enums: { name: string; values: string[] }[];
  inputs: { name: string; fields: SdlTypeRef[] }[];
  /** union and interface names: fields of these types are left out, as Amplify leaves them out */
  abstract: Set<string>;
}

/**
 * Enum and input types that Amplify's directive definitions declare (AuthRule, ModelOperation, …)
 * and the `AMPLIFY` input: its codegen skips types with these names.
 */
const SKIPPED = new Set(
  'AMPLIFY AuthRule AuthStrategy AuthProvider ModelOperation HttpMethod HttpHeader ModelMutationMap ModelQueryMap ModelSubscriptionMap ModelSubscriptionLevel TimestampConfiguration PredictionsActions SearchableQueryMap'.split(
    ' ',
  ),
);

/** Relation directives whose `references` Amplify reads as a list even when one string is given. */
const RELATIONS = new Set(['hasOne', 'hasMany', 'belongsTo']);

/** Parses the input SDL into the plain shapes the introspection is built from; throws on what it does not model. */
export function readSdl(sdl: string): SdlSchema {
  const doc = parse(sdl, { noLocation: true });
  refuseUnmodelled(doc);
  const out: SdlSchema = { objects: [], enums: [], inputs: [], abstract: new Set() };
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name || SKIPPED.has(def.name.value)) continue;
    const name = def.name.value;
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      out.objects.push({ name, directives: readDirectives(def.directives), fields: (def.fields ?? []).map(readField) });
    } else if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      out.enums.push({ name, values: (def.values ?? []).map((v) => v.name.value) });
    } else if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      out.inputs.push({ name, fields: (def.fields ?? []).map(readTypeRef) });
    } else if (def.kind === Kind.UNION_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      out.abstract.add(name);
    }
  }
  return out;
}

/**
 * What the native builder leaves to `@aws-amplify/graphql-generator`: a `schema {}` block (other
 * root type names), type extensions, many-to-many relations (v1 idiom, not emitted by Gen 2's
 * `a.schema`), v1 `@key`, and the AI directives (`@generation`, `@conversation`).
 */
function refuseUnmodelled(doc: DocumentNode): void {
  for (const def of doc.definitions) {
    if (def.kind === Kind.SCHEMA_DEFINITION || def.kind.endsWith('Extension')) throw new UnmodelledSdl(def.kind);
  }
  for (const name of directiveNames(doc)) if (UNMODELLED.has(name)) throw new UnmodelledSdl(`@${name}`);
}

const UNMODELLED = new Set(['manyToMany', 'key', 'connection', 'generation', 'conversation']);

function* directiveNames(doc: DocumentNode): Generator<string> {
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const d of def.directives ?? []) yield d.name.value;
    for (const f of def.fields ?? []) for (const d of f.directives ?? []) yield d.name.value;
  }
}

/** The SDL uses something only the generator models; the caller falls back to it. */
export class UnmodelledSdl extends Error {}

function readField(node: FieldDefinitionNode): SdlField {
  return {
    ...unwrap(node.name.value, node.type),
    directives: readDirectives(node.directives),
    parameters: (node.arguments ?? []).map(readTypeRef),
  };
}

function readTypeRef(node: InputValueDefinitionNode): SdlTypeRef {
  return unwrap(node.name.value, node.type);
}

/** `T` nullable, `T!` required, `[T]` list (nullable), `[T]!` list (required); inner lists are not modelled. */
function unwrap(name: string, node: TypeNode): SdlTypeRef {
  if (node.kind === Kind.NAMED_TYPE) return { name, type: node.name.value, isNullable: true, isList: false };
  if (node.kind === Kind.LIST_TYPE) return { ...unwrap(name, node.type), isList: true, isListNullable: true };
  if (node.type.kind === Kind.LIST_TYPE) return { ...unwrap(name, node.type.type), isList: true, isListNullable: false };
  return { ...unwrap(name, node.type), isNullable: false };
}

function readDirectives(nodes: readonly ConstDirectiveNode[] | undefined): SdlDirective[] {
  return (nodes ?? []).map((d) => {
    const args: Record<string, any> = {};
    for (const a of d.arguments ?? []) args[a.name.value] = valueFromASTUntyped(a.value);
    if (RELATIONS.has(d.name.value) && args.references !== undefined && !Array.isArray(args.references)) {
      args.references = [args.references];
    }
    return { name: d.name.value, args };
  });
}
