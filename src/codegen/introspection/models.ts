import pluralize from 'pluralize';
import type { SdlDirective, SdlField, SdlObject } from './read-sdl.js';

/** How a relation field connects, as the client's `association` describes it. */
export type Connection =
  | { kind: 'HAS_MANY'; associatedWith: Field[] }
  | { kind: 'HAS_ONE'; associatedWith: Field[]; targetNames?: string[] }
  | { kind: 'BELONGS_TO'; targetNames: string[] };

export interface Field extends SdlField {
  /** on the primary key field: whether the key is custom, and its sort key fields */
  primaryKey?: { custom: boolean; sortKeyFields: Field[] };
  connection?: Connection;
}

export interface Model {
  name: string;
  directives: SdlDirective[];
  fields: Field[];
}

/**
 * A `@model` type as the client sees it: the primary key resolved (an `id: ID!` added when no
 * field has `@primaryKey`), the timestamp fields added, `id` first, and `@primaryKey`/`@index`
 * restated as model-level `key` attributes.
 */
export function readModel(o: SdlObject): Model {
  const model: Model = { name: o.name, directives: o.directives, fields: o.fields };
  resolvePrimaryKey(model);
  addTimestamps(model);
  model.fields = [...model.fields.filter((f) => f.name === 'id'), ...model.fields.filter((f) => f.name !== 'id')];
  return model;
}

/** `@primaryKey` and `@index` as `key` attributes (after every model is read, before relations add more). */
export function addKeyAttributes(model: Model): void {
  const pk = model.fields.find((f) => hasDirective(f, 'primaryKey'));
  if (pk) {
    const sortKeyFields: string[] = directive(pk, 'primaryKey')?.args.sortKeyFields ?? [];
    model.directives.push({ name: 'key', args: { fields: [pk.name, ...sortKeyFields] } });
  }
  for (const f of model.fields) {
    for (const d of f.directives.filter((x) => x.name === 'index')) {
      const fields = [f.name, ...((d.args.sortKeyFields as string[] | undefined) ?? [])];
      const args: Record<string, unknown> = { name: d.args.name ?? defaultIndexName(model.name, fields) };
      if (d.args.queryField !== undefined) args.queryField = d.args.queryField;
      args.fields = fields;
      model.directives.push({ name: 'key', args });
    }
  }
}

/** Amplify's name for an index without one: `postsByStatusAndPublishedAt` on Post(status, publishedAt). */
function defaultIndexName(modelName: string, fields: string[]): string {
  return `${lowerFirst(pluralize(modelName))}By${fields.map(upperFirst).join('And')}`;
}

function resolvePrimaryKey(model: Model): void {
  const pk = model.fields.find((f) => hasDirective(f, 'primaryKey'));
  if (!pk) {
    const id = model.fields.find((f) => f.name === 'id');
    if (id) id.isNullable = false;
    const field = id ?? { name: 'id', type: 'ID', isNullable: false, isList: false, directives: [], parameters: [] };
    if (!id) model.fields.unshift(field);
    field.primaryKey = { custom: false, sortKeyFields: [] };
    return;
  }
  if (pk.isNullable) throw new Error(`The primary key on type '${model.name}' must reference non-null fields.`);
  const names: string[] = directive(pk, 'primaryKey')?.args.sortKeyFields ?? [];
  const sortKeyFields = names.map((n) => {
    const f = model.fields.find((x) => x.name === n);
    if (!f) throw new Error(`${model.name}: sort key field ${n} not found`);
    return f;
  });
  pk.primaryKey = { custom: pk.name !== 'id' || sortKeyFields.length > 0, sortKeyFields };
}

/** `createdAt`/`updatedAt` (or the names `@model(timestamps:)` gives), read-only; none with `timestamps: null`. */
function addTimestamps(model: Model): void {
  const args = model.directives.find((d) => d.name === 'model')?.args ?? {};
  if ('timestamps' in args && args.timestamps === null) return;
  for (const name of [args.timestamps?.createdAt || 'createdAt', args.timestamps?.updatedAt || 'updatedAt']) {
    addField(model, { name, directives: [], type: 'AWSDateTime', isList: false, isNullable: true, isReadOnly: true, parameters: [] });
  }
}

export function addField(model: Model, field: Field): void {
  if (!model.fields.some((f) => f.name === field.name)) model.fields.push(field);
}

/** The fields of the model's primary key: the key field, then its sort key fields. */
export function primaryKeyFields(model: Model): Field[] {
  const pk = model.fields.find((f) => f.primaryKey);
  return pk ? [pk, ...(pk.primaryKey?.sortKeyFields ?? [])] : [];
}

export function hasDirective(f: Field, name: string): boolean {
  return f.directives.some((d) => d.name === name);
}

export function directive(f: Field, name: string): SdlDirective | undefined {
  return f.directives.find((d) => d.name === name);
}

/** The foreign key name Amplify makes up: `postCommentsId` for Post.comments on the `id` key. */
export function connectionFieldName(typeName: string, fieldName: string, keyField: string): string {
  return [lowerFirst(typeName), upperFirst(fieldName), upperFirst(keyField)].join('');
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
