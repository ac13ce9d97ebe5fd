import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { KeyCondition, Row } from '../ports.js';
import { modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { all } from './filter.js';
import { encodeValue } from './row-codec.js';

type Pred = RawBuilder<SqlBool>;

/**
 * A key condition as a parameterised predicate: partition equality, sort keys present (DynamoDB
 * leaves items without the index key out of the index), and the range over the sort keys.
 * Composite sort keys compare as tuples of typed values, not as Amplify's `a#b` strings, so
 * numbers order as numbers (a deliberate difference: Amplify compares `10` before `9`).
 */
export function keyConditionToSql(model: ModelIR, kc: KeyCondition, d: SqlDialect): Pred {
  const col = column(model, d);
  const preds: Pred[] = Object.entries(kc.partition).map(([f, v]) => sql<SqlBool>`${col.ref(f)} = ${col.val(f, v)}`);
  for (const f of kc.sortKeys) preds.push(sql<SqlBool>`${col.ref(f)} is not null`);
  if (kc.range) preds.push(rangePredicate(kc, col));
  return all(preds);
}

interface Col {
  ref(f: string): RawBuilder<unknown>;
  val(f: string, v: unknown): unknown;
  isText(f: string): boolean;
}

function column(model: ModelIR, d: SqlDialect): Col {
  const cols = modelColumns(model);
  const get = (f: string) => {
    const c = cols.get(f);
    if (!c) throw new HearthError('ValidationError', `The field '${f}' is not a key of model ${model.name}.`);
    return c;
  };
  return {
    ref: (f) => sql.id(model.tableName, get(f).field.name),
    val: (f, v) => encodeValue(get(f).kind, v, d),
    isText: (f) => get(f).kind === 'text',
  };
}

function rangePredicate(kc: KeyCondition, col: Col): Pred {
  const { op, bounds } = kc.range as NonNullable<KeyCondition['range']>;
  // a bound covers the leading sort keys it gives values for
  const fieldsOf = (b: Row) => {
    const n = kc.sortKeys.findIndex((f) => b[f] === undefined || b[f] === null);
    return n < 0 ? kc.sortKeys : kc.sortKeys.slice(0, n);
  };
  const [lo, hi] = bounds;
  if (!lo || (op === 'between' && (bounds.length !== 2 || !hi))) {
    throw new HearthError('ValidationError', `The key condition '${op}' expects ${op === 'between' ? 'exactly two values' : 'a value'}.`);
  }
  if (op === 'between') return all([inclusive(col, fieldsOf(lo), lo, '>'), inclusive(col, fieldsOf(hi as Row), hi as Row, '<')]);
  const fields = fieldsOf(lo);
  if (op === 'eq') return equalAll(col, fields, lo);
  if (op === 'beginsWith') return beginsWith(col, fields, lo);
  if (op === 'le' || op === 'ge') return inclusive(col, fields, lo, op === 'le' ? '<' : '>');
  return compare(col, fields, lo, op === 'lt' ? '<' : '>');
}

function equalAll(col: Col, fields: string[], b: Row): Pred {
  return all(fields.map((f) => sql<SqlBool>`${col.ref(f)} = ${col.val(f, b[f])}`));
}

function inclusive(col: Col, fields: string[], b: Row, op: '<' | '>'): Pred {
  const [first] = fields;
  if (fields.length === 1 && first) return sql<SqlBool>`${col.ref(first)} ${sql.raw(`${op}=`)} ${col.val(first, b[first])}`;
  return all([leadingBound(col, fields, b, op), sql<SqlBool>`(${compare(col, fields, b, op)} or ${equalAll(col, fields, b)})`]);
}

/** Tuple comparison: (a, b) < (x, y) ⇔ a < x, or a = x and b < y. */
function compare(col: Col, fields: string[], b: Row, op: '<' | '>'): Pred {
  if (fields.length === 0) return sql<SqlBool>`1 = 0`;
  const branches = fields.map((f, i) =>
    all([equalAll(col, fields.slice(0, i), b), sql<SqlBool>`${col.ref(f)} ${sql.raw(op)} ${col.val(f, b[f])}`]),
  );
  if (branches.length === 1) return branches[0] as Pred;
  return all([leadingBound(col, fields, b, op), sql<SqlBool>`(${sql.join(branches, sql` or `)})`]);
}

/**
 * `a >= x` for (a, …) > (x, …): implied by the tuple comparison, so it changes no answer, but
 * unlike an `or` of branches the planner can seek an index with it (and walk it in order, no sort).
 */
function leadingBound(col: Col, fields: string[], b: Row, op: '<' | '>'): Pred {
  const first = fields[0] as string;
  return sql<SqlBool>`${col.ref(first)} ${sql.raw(`${op}=`)} ${col.val(first, b[first])}`;
}

/** Leading fields equal, the last one a prefix (substr, not LIKE: no wildcards, byte-exact on both engines). */
function beginsWith(col: Col, fields: string[], b: Row): Pred {
  const last = fields.at(-1);
  if (!last || !col.isText(last)) return equalAll(col, fields, b);
  const prefix = String(b[last]);
  const n = Array.from(prefix).length;
  // `>= prefix` is implied (byte order) and lets an index seek to the first candidate
  const from = sql<SqlBool>`${col.ref(last)} >= ${prefix}`;
  return all([equalAll(col, fields.slice(0, -1), b), from, sql<SqlBool>`substr(${col.ref(last)}, 1, ${n}) = ${prefix}`]);
}
