import { CompiledQuery, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { type FilterInput, type ListQuery, listOrder, type RecordStore, type Row } from '../ports.js';
import { keyColumns, modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { all, filterToSql } from './filter.js';
import { createFilterIndexer, FILTER_INDEX_DEFAULTS, type FilterIndexer, type FilterIndexOptions } from './filter-indexes.js';
import { keyConditionToSql } from './key-condition.js';
import { decodeRow, encodeRow, encodeValue } from './row-codec.js';

type Pred = RawBuilder<SqlBool>;

const conditionFailed = () => new HearthError('ConditionalCheckFailed', 'The conditional request failed');

/**
 * Model records in their own tables (see model-tables.ts). Writes with a condition are one
 * statement (`… WHERE key AND condition RETURNING *`), so a concurrent writer cannot slip between
 * the check and the write.
 */
export function createSqlRecordStore(
  db: Kysely<any>,
  d: SqlDialect,
  o: { filterIndexes?: Partial<FilterIndexOptions> | false } = {},
): RecordStore & { filterIndexes?: FilterIndexer } {
  // fields lists filter on often get an index (filter-indexes.ts); `false` turns it off
  const indexer = o.filterIndexes === false ? undefined : createFilterIndexer(db, d, { ...FILTER_INDEX_DEFAULTS, ...o.filterIndexes });
  const keyPred = (model: ModelIR, key: Row): Pred => {
    const cols = modelColumns(model);
    return all(
      keyColumns(model).map((k) => {
        const kind = cols.get(k)?.kind ?? 'text';
        return sql<SqlBool>`${sql.id(model.tableName, k)} = ${encodeValue(kind, key[k], d)}`;
      }),
    );
  };
  const decode = (model: ModelIR, raw: Row | undefined) => (raw ? decodeRow(model, raw, d) : undefined);
  // `get` is the hot path: its SQL depends only on the table and key columns, so build it once
  const getSql = new Map<string, string>();
  const getStatement = (model: ModelIR, key: Row) => {
    const id = `${model.tableName}\0${keyColumns(model).join('\0')}`;
    let text = getSql.get(id);
    if (text === undefined) {
      text = db.selectFrom(model.tableName).selectAll().where(keyPred(model, key)).compile().sql;
      getSql.set(id, text);
    }
    // the same values, in the same order, as keyPred binds them
    const cols = modelColumns(model);
    return CompiledQuery.raw(
      text,
      keyColumns(model).map((k) => encodeValue(cols.get(k)?.kind ?? 'text', key[k], d)),
    );
  };

  return {
    async get(model, key) {
      const q = getStatement(model, key);
      // SQLite outside a transaction reads at once, without Kysely's queue (the same statement and rows)
      const rows = (d.readNow?.(db, q.sql, q.parameters) as Row[] | undefined) ?? (await db.executeQuery<Row>(q)).rows;
      return decode(model, rows[0]);
    },
    async list(model, q) {
      const t0 = performance.now();
      const page = await listRows(db, d, model, q);
      // a key query reads its own index already
      if (indexer && !q.keyCondition)
        indexer.observe(model, q.authFilter ? { and: [q.filter ?? {}, q.authFilter] } : q.filter, performance.now() - t0);
      return page;
    },
    filterIndexes: indexer,
    async insert(model, row) {
      const raw = await db
        .insertInto(model.tableName)
        .values(encodeRow(model, row, d))
        .onConflict((oc) => oc.columns(keyColumns(model) as never).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!raw) throw conditionFailed();
      return decodeRow(model, raw, d);
    },
    async update(model, key, patch, condition) {
      const keys = keyColumns(model);
      const values = encodeRow(model, Object.fromEntries(Object.entries(patch).filter(([k]) => !keys.includes(k))), d);
      // an empty patch still has to prove the row exists and return it
      const set = Object.keys(values).length ? values : { [keys[0] as string]: sql.ref(keys[0] as string) };
      const raw = await db
        .updateTable(model.tableName)
        .set(set)
        .where(writePredicate(model, key, condition))
        .returningAll()
        .executeTakeFirst();
      if (!raw) throw conditionFailed();
      return decodeRow(model, raw, d);
    },
    async delete(model, key, condition) {
      const raw = await db
        .deleteFrom(model.tableName)
        .where(writePredicate(model, key, condition))
        .returningAll()
        .executeTakeFirst();
      if (!raw) throw conditionFailed();
      return decodeRow(model, raw, d);
    },
  };

  function writePredicate(model: ModelIR, key: Row, condition: FilterInput | undefined): Pred {
    return condition ? all([keyPred(model, key), filterToSql(condition, model, d)]) : keyPred(model, key);
  }
}

async function listRows(db: Kysely<any>, d: SqlDialect, model: ModelIR, q: ListQuery) {
  const dir = q.sortDirection === 'DESC' ? 'desc' : 'asc';
  const order = listOrder(model, q);
  const preds = [filterToSql(q.filter, model, d), filterToSql(q.authFilter, model, d)];
  if (q.keyCondition) preds.push(keyConditionToSql(model, q.keyCondition, d));
  if (q.after) preds.push(afterRow(model, { order, after: q.after, dir, d }));
  let query = db.selectFrom(model.tableName).selectAll().where(all(preds));
  for (const k of order) query = query.orderBy(sql.id(model.tableName, k), dir);
  const raws = await query.limit(q.limit + 1).execute();
  const hasMore = raws.length > q.limit;
  return { rows: raws.slice(0, q.limit).map((r) => decodeRow(model, r, d)), hasMore };
}

/** Keyset pagination: rows strictly after `after` in list order (k1 > a1, or k1 = a1 and k2 > a2, …). */
function afterRow(model: ModelIR, o: { order: string[]; after: Row; dir: 'asc' | 'desc'; d: SqlDialect }): Pred {
  const cols = modelColumns(model);
  const op = sql.raw(o.dir === 'asc' ? '>' : '<');
  const ref = (k: string) => sql.id(model.tableName, k);
  const val = (k: string) => encodeValue(cols.get(k)?.kind ?? 'text', o.after[k], o.d);
  const branches = o.order.map((k, i) =>
    all([...o.order.slice(0, i).map((p) => sql<SqlBool>`${ref(p)} = ${val(p)}`), sql<SqlBool>`${ref(k)} ${op} ${val(k)}`]),
  );
  const first = o.order[0];
  if (branches.length < 2 || !first) return sql<SqlBool>`(${sql.join(branches, sql` or `)})`;
  // implied by the branches (k1 >= a1 going up), but seekable: page 2 onwards walks the index from there
  const from = sql<SqlBool>`${ref(first)} ${sql.raw(o.dir === 'asc' ? '>=' : '<=')} ${val(first)}`;
  return all([from, sql<SqlBool>`(${sql.join(branches, sql` or `)})`]);
}
