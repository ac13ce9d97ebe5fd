import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { FilterInput } from '../ports.js';
import { type Column, modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { encodeValue } from './row-codec.js';

type Pred = RawBuilder<SqlBool>;
type Ref = RawBuilder<unknown>;

const TRUE: Pred = sql<SqlBool>`1 = 1`;
const FALSE: Pred = sql<SqlBool>`1 = 0`;

/**
 * A Model<T>FilterInput / ConditionInput as a parameterised SQL predicate over `model.tableName`,
 * with DynamoDB's semantics: a comparison on a missing attribute is false (never SQL's NULL, so
 * `not` behaves as in DynamoDB), `ne`/`notContains`/`notIn` are true on a missing attribute.
 * Example: `{ or: [{ a: { eq: 1 } }, { not: { b: { beginsWith: 'x' } } }] }`.
 */
export function filterToSql(filter: FilterInput | undefined, model: ModelIR, d: SqlDialect): Pred {
  if (!filter) return TRUE;
  const parts: Pred[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === 'and') parts.push(all(list(value).map((f) => filterToSql(f, model, d))));
    else if (key === 'or') parts.push(any(list(value).map((f) => filterToSql(f, model, d))));
    else if (key === 'not') parts.push(sql<SqlBool>`not (${filterToSql(value as FilterInput, model, d)})`);
    else parts.push(fieldPredicate(model, key, value, d));
  }
  return all(parts);
}

export function all(parts: Pred[]): Pred {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 && parts[0] ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function any(parts: Pred[]): Pred {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 && parts[0] ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function list(v: unknown): FilterInput[] {
  if (v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is FilterInput => x !== null && typeof x === 'object');
}

function fieldPredicate(model: ModelIR, name: string, ops: unknown, d: SqlDialect): Pred {
  const col = modelColumns(model).get(name);
  if (!col) throw new HearthError('ValidationError', `The field '${name}' cannot be filtered on model ${model.name}.`);
  if (ops === null || typeof ops !== 'object') return TRUE;
  const ref = sql.id(model.tableName, name) as Ref;
  const preds = Object.entries(ops as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([op, v]) => opPredicate({ ref, col, op, v, d }));
  return all(preds);
}

interface OpArgs {
  ref: Ref;
  col: Column;
  op: string;
  v: unknown;
  d: SqlDialect;
}

const COMPARE: Record<string, string> = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' };

function opPredicate(a: OpArgs): Pred {
  const { ref, col, op, v, d } = a;
  const exists = sql<SqlBool>`${ref} is not null`;
  const missing = sql<SqlBool>`${ref} is null`;
  if (op === 'attributeExists') return v ? exists : missing;
  if (op === 'attributeType') return attributeType(a);
  if (op === 'size') return sizePredicate(a);
  if (col.kind === 'json' && op !== 'contains' && op !== 'notContains') throw unsupported(col, op);
  if (op === 'eq' && v === null) return missing;
  if (op === 'ne' && v === null) return exists;
  const val = (x: unknown) => encodeValue(col.kind, x, d);
  const cmp = COMPARE[op];
  if (cmp) return all([exists, sql<SqlBool>`${ref} ${sql.raw(cmp)} ${val(v)}`]);
  if (op === 'ne') return any([missing, sql<SqlBool>`${ref} <> ${val(v)}`]);
  if (op === 'between') return between(a, val);
  if (op === 'beginsWith') return beginsWith(a);
  if (op === 'contains') return all([exists, contains(a)]);
  if (op === 'notContains') return any([missing, sql<SqlBool>`not (${contains(a)})`]);
  if (op === 'in' || op === 'notIn') return inList(a, val);
  throw unsupported(col, op);
}

function unsupported(col: Column, op: string): HearthError {
  return new HearthError('ValidationError', `The filter operator '${op}' is not supported on field '${col.field.name}'.`);
}

function between(a: OpArgs, val: (x: unknown) => unknown): Pred {
  if (!Array.isArray(a.v) || a.v.length !== 2) {
    throw new HearthError('ValidationError', `'between' on '${a.col.field.name}' needs exactly two values.`);
  }
  return all([sql<SqlBool>`${a.ref} is not null`, sql<SqlBool>`${a.ref} between ${val(a.v[0])} and ${val(a.v[1])}`]);
}

/** substr+length, not LIKE: SQLite's LIKE ignores case and both need wildcard escaping. */
function beginsWith(a: OpArgs): Pred {
  if (a.col.kind !== 'text') throw unsupported(a.col, 'beginsWith');
  const prefix = String(a.v);
  const n = Array.from(prefix).length;
  return all([sql<SqlBool>`${a.ref} is not null`, sql<SqlBool>`substr(${a.ref}, 1, ${n}) = ${prefix}`]);
}

/** Substring for strings, element membership for lists (DynamoDB `contains`). */
function contains(a: OpArgs): Pred {
  const { ref, col, v, d } = a;
  if (col.kind === 'json') {
    if (!col.field.isArray) throw unsupported(col, 'contains');
    return d.engine === 'sqlite'
      ? sql<SqlBool>`exists (select 1 from json_each(${ref}) where json_each.value = ${v})`
      : sql<SqlBool>`${ref} @> ${JSON.stringify([v])}::jsonb`;
  }
  if (col.kind !== 'text') throw unsupported(col, 'contains');
  const fn = d.engine === 'sqlite' ? sql`instr(${ref}, ${String(v)})` : sql`strpos(${ref}, ${String(v)})`;
  return sql<SqlBool>`${fn} > 0`;
}

function inList(a: OpArgs, val: (x: unknown) => unknown): Pred {
  const values = Array.isArray(a.v) ? a.v.map(val) : [];
  const isIn = values.length ? sql<SqlBool>`${a.ref} in (${sql.join(values)})` : FALSE;
  if (a.op === 'in') return all([sql<SqlBool>`${a.ref} is not null`, isIn]);
  return any([sql<SqlBool>`${a.ref} is null`, sql<SqlBool>`not (${isIn})`]);
}

/** `size` of a string (characters) or a list (elements), compared with the nested operators. */
function sizePredicate(a: OpArgs): Pred {
  const { ref, col, d } = a;
  const sqlite = d.engine === 'sqlite';
  let size: RawBuilder<unknown>;
  if (col.kind === 'text') size = sqlite ? sql`length(${ref})` : sql`char_length(${ref})`;
  else if (col.kind === 'json' && col.field.isArray) size = sqlite ? sql`json_array_length(${ref})` : sql`jsonb_array_length(${ref})`;
  else throw unsupported(col, 'size');
  const ops = (a.v ?? {}) as Record<string, unknown>;
  const sizeCol: Column = { field: col.field, kind: 'integer' };
  const preds = Object.entries(ops)
    .filter(([, v]) => v !== undefined)
    .map(([op, v]) => opPredicate({ ref: size, col: sizeCol, op, v, d }));
  return all(preds);
}

const NATURAL_TYPE: Record<string, string> = { text: 'string', integer: 'number', bigint: 'number', float: 'number', boolean: 'bool' };

/** DynamoDB attribute types mapped onto the column's declared kind. */
function attributeType(a: OpArgs): Pred {
  const { ref, col, v } = a;
  if (v === '_null') return sql<SqlBool>`${ref} is null`;
  const natural = col.kind === 'json' ? (col.field.isArray ? 'list' : 'map') : NATURAL_TYPE[col.kind];
  return natural === v ? sql<SqlBool>`${ref} is not null` : FALSE;
}
