/**
 * What the Data view derives from a model's description: columns, which fields sort (indexed
 * ones), record keys for URLs, links to related records, and typed input ↔ value conversion.
 */
import { href } from '../route.js';
import type { FieldInfo, ModelInfo, Overview } from '../types.js';

export type Item = Record<string, unknown>;

const NUMERIC = new Set(['Int', 'Float', 'AWSTimestamp']);
const TIMELIKE = new Set(['AWSDateTime', 'AWSDate', 'AWSTime', 'AWSTimestamp']);
/** the timestamps the data API keeps itself (Amplify's `createdAt`/`updatedAt`) */
const MANAGED = new Set(['createdAt', 'updatedAt']);

export const isNumeric = (f: FieldInfo) => NUMERIC.has(f.type);
export const isOrdered = (f: FieldInfo) => NUMERIC.has(f.type) || TIMELIKE.has(f.type) || f.type === 'String' || f.type === 'ID';

/**
 * Sorting follows DynamoDB's (and so AppSync's) rule: rows sort by an index's sort key within one
 * value of its partition key. So a sort key column sorts once the filter fixes its partition key
 * (`eq`); otherwise its header says which filter enables it. Returns sort key → partition key.
 */
export function sortKeys(model: ModelInfo): Map<string, string> {
  const m = new Map<string, string>();
  for (const key of [model.primaryKey, ...(model.indexes ?? []).map((i) => i.fields)]) {
    // an index sorts by its first sort key (the rest make it composite, as AppSync's `sk1#sk2`)
    const [pk, sk] = key;
    if (pk && sk && !m.has(sk)) m.set(sk, pk);
  }
  return m;
}

/** The fields a form edits: no relations, no server-kept timestamps; the id only when it is not generated. */
export function editableFields(model: ModelInfo, creating: boolean): FieldInfo[] {
  const generatedId = model.primaryKey.length === 1 && model.primaryKey[0] === 'id';
  return model.fields.filter((f) => {
    if (f.relation || f.readOnly || MANAGED.has(f.name)) return false;
    // the default `id` is the server's to make; a key the schema declares (`.identifier([...])`) is the caller's
    return !(creating && generatedId && f.name === 'id');
  });
}

/** The record's key for `…/records/:key`: URL-encoded JSON of the primary key fields, e.g. `{"id":"…"}`. */
export function recordKey(model: ModelInfo, item: Item): string {
  const pk = model.primaryKey.length ? model.primaryKey : ['id'];
  return encodeURIComponent(JSON.stringify(Object.fromEntries(pk.map((f) => [f, item[f]]))));
}

/** The Data view link showing the records related to `item` through `field`, or undefined when the key is empty. */
export function relatedHref(overview: Overview, model: ModelInfo, field: FieldInfo, item: Item): string | undefined {
  const rel = field.relation;
  const other = rel && overview.models.find((m) => m.name === rel.model);
  if (!rel || !other) return undefined;
  const filter: Item = {};
  if (rel.kind === 'belongsTo') {
    const fks = rel.references.length ? rel.references : [`${field.name}Id`];
    other.primaryKey.forEach((pk, i) => {
      const v = item[fks[i] ?? ''];
      if (v !== undefined && v !== null) filter[pk] = { eq: v };
    });
  } else {
    const refs = rel.references;
    model.primaryKey.forEach((pk, i) => {
      if (refs[i]) filter[refs[i]] = { eq: item[pk] };
    });
  }
  if (!Object.keys(filter).length) return undefined;
  return href(['data', other.name], { filter: JSON.stringify(filter) });
}

/** A cell's text: lists and JSON compact, nulls empty. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A form input's text as the value the API takes (undefined: leave the field out). */
export function parseInput(f: FieldInfo, raw: string): unknown {
  if (raw === '') return f.required ? undefined : null;
  if (f.isList) return JSON.parse(raw);
  if (f.type === 'Boolean') return raw === 'true';
  if (f.type === 'Int' || f.type === 'AWSTimestamp') return Number.isInteger(Number(raw)) ? Number(raw) : raw;
  if (f.type === 'Float') return Number.isNaN(Number(raw)) ? raw : Number(raw);
  return raw;
}

/** A value as the form input's starting text. */
export function inputText(f: FieldInfo, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (f.isList || (typeof v === 'object' && f.type !== 'AWSJSON')) return JSON.stringify(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Column width in pixels by type: narrow numbers and booleans, wide JSON and ids. */
export function columnWidth(f: FieldInfo): number {
  if (f.relation) return 120;
  if (f.type === 'Boolean') return 90;
  if (isNumeric(f) && f.type !== 'AWSTimestamp') return 110;
  if (f.type === 'AWSDateTime' || f.type === 'ID') return 220;
  if (f.type === 'AWSJSON' || f.isList) return 240;
  return 180;
}
