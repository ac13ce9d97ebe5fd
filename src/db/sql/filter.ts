import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { FilterInput } from '../ports.js';
import { type Column, modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { jsonEquals, jsonHasType, jsonListHas, jsonSize, jsonString } from './filter-json.js';
import { encodeValue } from './row-codec.js';

type Pred = RawBuilder<SqlBool>;
type Ref = RawBuilder<unknown>;

const TRUE: Pred = sql<SqlBool>`1 = 1`;
const FALSE: Pred = sql<SqlBool>`1 = 0`;

/**
 * A Model<T>FilterInput / ConditionInput as a parameterised SQL predicate over `model.tableName`,
 * with the DynamoDB semantics defined once in src/data/filter/operators.ts (the in-memory
 * evaluator; a property test holds the two together on both engines). Every predicate is
 * two-valued (never SQL's NULL), so `not` behaves as in DynamoDB: a comparison with a missing
 * attribute is false, `ne`/`notContains`/`notIn` are true on it. Text compares byte-wise on both
 * engines (BINARY / "C" collation), as DynamoDB compares UTF-8 bytes.
 * Example: `{ or: [{ a: { eq: 1 } }, { not: { b: { beginsWith: 'x' } } }] }`.
 */
export function filterToSql(filter: FilterInput | null | undefined, model: ModelIR, d: SqlDialect): Pred {
  if (!filter) return TRUE;
  const parts: Pred[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
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
  return (Array.isArray(v) ? v : [v]).filter((x): x is FilterInput => x !== null && typeof x === 'object');
}

function fieldPredicate(model: ModelIR, name: string, ops: unknown, d: SqlDialect): Pred {
  const col = modelColumns(model).get(name);
  if (!col) throw new HearthError('ValidationError', `The field '${name}' cannot be filtered on model ${model.name}.`);
  if (typeof ops !== 'object' || Array.isArray(ops)) return TRUE;
  const raw = sql.id(model.tableName, name) as Ref;
  return operatorsPredicate({ raw, col, d }, ops as Record<string, unknown>);
}

/** A column as the operators see it: `raw` for existence and type, `scalar` for comparisons. */
interface Target {
  raw: Ref;
  col: Column;
  d: SqlDialect;
}

function operatorsPredicate(t: Target, ops: Record<string, unknown>): Pred {
  const preds: Pred[] = [];
  for (const [op, v] of Object.entries(ops)) {
    if (!KNOWN.has(op)) throw unsupported(t.col, op);
    if (appliesTo(op, v)) preds.push(opPredicate(t, op, v));
  }
  return all(preds);
}

const KNOWN = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'beginsWith', 'contains', 'notContains', 'in', 'notIn']);
for (const op of ['attributeExists', 'attributeType', 'size']) KNOWN.add(op);

/** Mirrors appliesTo in src/data/filter/operators.ts: null operands are ignored but for eq/ne. */
function appliesTo(op: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (op === 'eq' || op === 'ne') return true;
  if (op === 'attributeExists') return typeof v === 'boolean';
  return v !== null;
}

const ORDER: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=' };

function opPredicate(t: Target, op: string, v: unknown): Pred {
  const { raw, col, d } = t;
  if (op === 'attributeExists') return v ? sql<SqlBool>`${raw} is not null` : sql<SqlBool>`${raw} is null`;
  if (op === 'attributeType') return attributeType(t, v);
  if (op === 'size') return sizePredicate(t, v as Record<string, unknown>);
  if (op === 'eq' && v === null) return sql<SqlBool>`${raw} is null`;
  if (op === 'ne' && v === null) return sql<SqlBool>`${raw} is not null`;
  if (op === 'contains') return contains(t, v);
  if (op === 'notContains') return sql<SqlBool>`not (${contains(t, v)})`;
  if ((op === 'eq' || op === 'ne') && Array.isArray(v)) {
    const same = col.kind === 'json' ? jsonEquals(raw, v, d) : FALSE;
    return op === 'eq' ? same : sql<SqlBool>`not (${same})`;
  }
  const s = scalar(t);
  const val = (x: unknown) => (col.kind === 'json' ? x : encodeValue(col.kind, x, d));
  const present = sql<SqlBool>`${s} is not null`;
  if (op === 'eq') return all([present, sql<SqlBool>`${s} = ${val(v)}`]);
  if (op === 'ne') return any([sql<SqlBool>`${s} is null`, sql<SqlBool>`${s} <> ${val(v)}`]);
  if (op === 'in' || op === 'notIn') return inList(s, op, inOperands(v).map(val));
  // booleans are not ordered in DynamoDB (<, between and begins_with take S, N or B)
  if (col.kind === 'boolean') return FALSE;
  const cmp = ORDER[op];
  if (cmp) return all([present, sql<SqlBool>`${s} ${sql.raw(cmp)} ${val(v)}`]);
  if (op === 'between') {
    const [lo, hi] = betweenBounds(col, v);
    return all([present, sql<SqlBool>`${s} >= ${val(lo)}`, sql<SqlBool>`${s} <= ${val(hi)}`]);
  }
  return beginsWith(t, s, v);
}

/**
 * The comparable value: the column itself, or for a JSON column its value when that is a string
 * (lists and AWSJSON filter through ModelStringInput, so their comparison operands are strings).
 */
function scalar(t: Target): Ref {
  return t.col.kind === 'json' ? jsonString(t.raw, t.d) : t.raw;
}

function unsupported(col: Column, op: string): HearthError {
  return new HearthError('ValidationError', `The filter operator '${op}' is not supported on field '${col.field.name}'.`);
}

function betweenBounds(col: Column, v: unknown): [unknown, unknown] {
  if (!Array.isArray(v) || v.length !== 2 || v.some((x) => x === null || x === undefined)) {
    throw new HearthError('ValidationError', `'between' on '${col.field.name}' needs exactly two non-null values.`);
  }
  return [v[0], v[1]];
}

function inOperands(v: unknown): unknown[] {
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : [];
}

function inList(s: Ref, op: string, values: unknown[]): Pred {
  const isIn = values.length ? all([sql<SqlBool>`${s} is not null`, sql<SqlBool>`${s} in (${sql.join(values)})`]) : FALSE;
  return op === 'in' ? isIn : sql<SqlBool>`not (${isIn})`;
}

/** substr, not LIKE: SQLite's LIKE ignores case and both would need wildcard escaping. */
function beginsWith(t: Target, s: Ref, v: unknown): Pred {
  const text = t.col.kind === 'text' || t.col.kind === 'json';
  if (!text || typeof v !== 'string') return FALSE;
  const n = Array.from(v).length;
  return all([sql<SqlBool>`${s} is not null`, sql<SqlBool>`substr(${s}, 1, ${n}) = ${v}`]);
}

/** DynamoDB `contains`: a substring of a string, an element of a list; false on anything else. */
function contains(t: Target, v: unknown): Pred {
  const { raw, col, d } = t;
  if (col.kind === 'json') {
    const inString = typeof v === 'string' ? substring(jsonString(raw, d), v, d) : FALSE;
    return any([jsonListHas(raw, v, d), inString]);
  }
  if (col.kind !== 'text' || typeof v !== 'string') return FALSE;
  return substring(raw, v, d);
}

function substring(s: Ref, v: string, d: SqlDialect): Pred {
  const at = d.engine === 'sqlite' ? sql`instr(${s}, ${v})` : sql`strpos(${s}, ${v})`;
  return all([sql<SqlBool>`${s} is not null`, sql<SqlBool>`${at} > 0`]);
}

/** `size` of a string (UTF-8 bytes), a list (elements) or a map (entries), with the ModelSizeInput operators. */
function sizePredicate(t: Target, ops: Record<string, unknown>): Pred {
  const { raw, col, d } = t;
  let size: Ref;
  if (col.kind === 'text') size = d.engine === 'sqlite' ? sql`length(cast(${raw} as blob))` : sql`octet_length(${raw})`;
  else if (col.kind === 'json') size = jsonSize(raw, d);
  // numbers and booleans have no size: the operators see a missing value
  else size = d.engine === 'sqlite' ? sql`null` : sql`cast(null as integer)`;
  return operatorsPredicate({ raw: size, col: { field: col.field, kind: 'integer' }, d }, ops);
}

/** `attributeType`: the column's kind names the type, but for JSON columns, typed per stored value. */
function attributeType(t: Target, v: unknown): Pred {
  const { raw, col, d } = t;
  if (v === '_null') return sql<SqlBool>`${raw} is null`;
  if (col.kind === 'json') return jsonHasType(raw, String(v), d);
  const natural = col.kind === 'text' ? 'string' : col.kind === 'boolean' ? 'bool' : 'number';
  return natural === v ? sql<SqlBool>`${raw} is not null` : FALSE;
}
