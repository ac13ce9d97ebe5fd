import pluralize from 'pluralize';
import { authLast } from './auth-attributes.js';
import { addKeyAttributes, type Field, type Model, primaryKeyFields, readModel } from './models.js';
import { readSdl, type SdlObject, type SdlSchema, type SdlTypeRef } from './read-sdl.js';
import { connectModels } from './relations.js';

const SCALARS = new Set([
  'ID',
  'Boolean',
  'String',
  'AWSDate',
  'AWSTime',
  'AWSDateTime',
  'AWSEmail',
  'AWSJSON',
  'AWSURL',
  'AWSPhone',
  'AWSIPAddress',
  'Int',
  'Float',
  'AWSTimestamp',
]);
/** union and interface types: fields of these types are left out, as Amplify leaves them out */
const ABSTRACT = 'abstract';
const ROOTS = { Query: 'queries', Mutation: 'mutations', Subscription: 'subscriptions' } as const;

/**
 * The `model_introspection` of amplify_outputs.json, built from the input SDL without
 * `@aws-amplify/graphql-generator`: same keys, same order, same values (the oracle test,
 * model-introspection-oracle.test.ts, compares the JSON byte for byte over every schema in the
 * test suite and the examples). Throws `UnmodelledSdl` for what only the generator models.
 */
export function buildIntrospection(sdl: string): object {
  const schema = readSdl(sdl);
  const isModel = (o: SdlObject) => o.directives.some((d) => d.name === 'model');
  const models = new Map(schema.objects.filter(isModel).map((o) => [o.name, readModel(o)]));
  for (const m of models.values()) addKeyAttributes(m);
  connectModels(models);
  const typeOf = typeResolver(schema, models);
  const nonModels = schema.objects.filter((o) => !isModel(o) && !(o.name in ROOTS));
  const result: Record<string, unknown> = {
    version: 1,
    models: byName([...models.values()], (m) => modelEntry(m, typeOf)),
    enums: byName(schema.enums, (e) => ({ name: e.name, values: e.values })),
    nonModels: byName(nonModels, (o) => ({ name: o.name, fields: fieldEntries(o.fields, typeOf) })),
  };
  for (const [root, key] of Object.entries(ROOTS)) {
    const fields = schema.objects.find((o) => o.name === root && !isModel(o))?.fields ?? [];
    const entries = byName(
      fields.filter((f) => !isAbstract(typeOf(f.type))),
      (f) => operationEntry(f, typeOf),
    );
    if (Object.keys(entries).length > 0) result[key] = entries;
  }
  const inputs = byName(schema.inputs, (i) => ({ name: i.name, attributes: byName(i.fields, (f) => typeEntry(f, typeOf)) }));
  if (schema.inputs.length > 0) result.inputs = inputs;
  return result;
}

type TypeOf = (name: string) => string | Record<string, string>;

function typeResolver(schema: SdlSchema, models: Map<string, Model>): TypeOf {
  const kinds = new Map<string, string>();
  for (const o of schema.objects) if (!models.has(o.name)) kinds.set(o.name, 'nonModel');
  for (const m of models.keys()) kinds.set(m, 'model');
  for (const e of schema.enums) kinds.set(e.name, 'enum');
  for (const i of schema.inputs) if (!kinds.has(i.name)) kinds.set(i.name, 'input');
  for (const a of schema.abstract) if (!kinds.has(a)) kinds.set(a, ABSTRACT);
  return (name) => {
    if (SCALARS.has(name)) return name;
    const kind = kinds.get(name);
    if (!kind) throw new Error(`Unknown type ${name} found during model introspection schema generation`);
    return { [kind]: name };
  };
}

const isAbstract = (t: ReturnType<TypeOf>) => typeof t === 'object' && ABSTRACT in t;

function modelEntry(m: Model, typeOf: TypeOf) {
  const pk = primaryKeyFields(m);
  return {
    name: m.name,
    fields: fieldEntries(m.fields, typeOf),
    syncable: true,
    pluralName: pluralize.plural(m.name),
    attributes: authLast(m.directives).map((d) => ({ type: d.name, properties: d.args })),
    primaryKeyInfo: {
      isCustomPrimaryKey: pk[0]?.primaryKey?.custom ?? false,
      primaryKeyFieldName: pk[0]?.name,
      sortKeyFieldNames: pk.slice(1).map((f) => f.name),
    },
  };
}

function fieldEntries(fields: Field[], typeOf: TypeOf): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (isAbstract(typeOf(f.type))) continue;
    const entry: Record<string, unknown> = {
      name: f.name,
      isArray: f.isList,
      type: typeOf(f.type),
      isRequired: !f.isNullable,
      attributes: [],
    };
    if (f.isListNullable !== undefined) entry.isArrayNullable = f.isListNullable;
    if (f.isReadOnly !== undefined) entry.isReadOnly = f.isReadOnly;
    if (f.connection) entry.association = association(f);
    out[f.name] = entry;
  }
  return out;
}

function association(f: Field): Record<string, unknown> | undefined {
  const c = f.connection;
  if (c?.kind === 'HAS_MANY') return { connectionType: c.kind, associatedWith: c.associatedWith.map((x) => x.name) };
  if (c?.kind === 'HAS_ONE')
    return { connectionType: c.kind, associatedWith: c.associatedWith.map((x) => x.name), targetNames: c.targetNames ?? [] };
  return c && { connectionType: c.kind, targetNames: c.targetNames };
}

function typeEntry(t: SdlTypeRef, typeOf: TypeOf): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: t.name, isArray: t.isList, type: typeOf(t.type), isRequired: !t.isNullable };
  if (t.isListNullable !== undefined) entry.isArrayNullable = t.isListNullable;
  return entry;
}

function operationEntry(f: Field, typeOf: TypeOf): Record<string, unknown> {
  const entry = typeEntry(f, typeOf);
  if (f.parameters.length > 0) entry.arguments = byName(f.parameters, (p) => typeEntry(p, typeOf));
  return entry;
}

function byName<T extends { name: string }>(items: T[], entry: (item: T) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) out[item.name] = entry(item);
  return out;
}
