import { type Kysely, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import type { FilterInput } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { seekableFields } from './filter-index-fields.js';
import { indexName, withKey } from './secondary-indexes.js';
import { tableIndexes } from './table-columns.js';

/** Learned indexes: not `hx_`, so a migration's index sync (which drops unwanted `hx_` indexes) keeps them. */
export const FILTER_INDEX_PREFIX = 'hxf_';

export interface FilterIndexOptions {
  /** slow lists filtering on one field before that field gets an index */
  after: number;
  /** a list counts as slow from this many milliseconds */
  slowMs: number;
  /** learned indexes per table at most (each one costs every write to the table) */
  perTable: number;
  /** told about each index made (or that failed), e.g. for a log line */
  onIndex?: (e: { table: string; column: string; ms: number; error?: unknown }) => void;
}

export const FILTER_INDEX_DEFAULTS: FilterIndexOptions = { after: 3, slowMs: 3, perTable: 4 };

export interface FilterIndexer {
  /** a list without a key condition ran in `ms`; may schedule an index (never throws, never waits) */
  observe(model: ModelIR, filter: FilterInput | undefined, ms: number): void;
  /** resolves when the indexes scheduled so far are made (tests) */
  idle(): Promise<void>;
  /** forgets what it read of the tables' indexes: after a migration or prune, which may drop some */
  forget(): void;
}

/**
 * Indexes for fields that lists filter on often, learned at run time: DynamoDB answers a filtered
 * scan by reading the whole table, and so did Hearth; after `after` slow lists whose filter
 * narrows one field by a comparison (eq, in, a range; see filter-index-fields.ts) that no index
 * leads with, the table gets `hxf_<table>_<field>` on (field, primary key), which also keeps
 * the list's primary-key order. Answers never change, only the plan.
 * Safe on both engines: SQLite's single connection runs the `create index if not exists` between
 * statements (the event loop waits for it, ~0.1–0.2 s per 100,000 rows, once). PostgreSQL builds it
 * with `create index concurrently`, so writes go on meanwhile, one instance at a time (an advisory
 * try-lock; an instance that finds it taken counts again and later finds the index made), and a
 * build that failed leaves no invalid index behind. Index sync at migration keeps `hxf_` indexes;
 * a SQLite column rebuild or prune drops them first (dropFilterIndexes), and they are learned again.
 */
export function createFilterIndexer(db: Kysely<any>, d: SqlDialect, o: FilterIndexOptions): FilterIndexer {
  const slow = new Map<string, number>();
  const tables = new Map<string, Promise<TableIndexes>>();
  let queue = Promise.resolve();
  const indexesOf = (table: string) => {
    let known = tables.get(table);
    if (!known) {
      known = readIndexes(db, d, table);
      tables.set(table, known);
    }
    return known;
  };

  async function consider(model: ModelIR, fields: string[]): Promise<void> {
    const known = await indexesOf(model.tableName);
    // an index already leads with one of them: the planner can use it
    if (fields.some((f) => known.leading.has(f)) || known.learned >= o.perTable) return;
    for (const f of fields) {
      const key = `${model.tableName}\0${f}`;
      const n = (slow.get(key) ?? 0) + 1;
      slow.set(key, n);
      if (n === o.after) return build(model, f);
    }
  }

  async function build(model: ModelIR, field: string): Promise<void> {
    const table = model.tableName;
    const known = await indexesOf(table);
    if (known.leading.has(field) || known.learned >= o.perTable) return;
    const t0 = performance.now();
    // re-read what exists next time (another instance may have made it), and count afresh
    const later = () => {
      tables.delete(table);
      slow.delete(`${table}\0${field}`);
    };
    try {
      const built = await createIndex(db, d, {
        table,
        name: indexName(table, field, FILTER_INDEX_PREFIX),
        columns: withKey(model, [field]),
      });
      if (!built) return later();
      known.leading.add(field);
      known.learned++;
      o.onIndex?.({ table, column: field, ms: performance.now() - t0 });
    } catch (error) {
      later();
      o.onIndex?.({ table, column: field, ms: performance.now() - t0, error });
    }
  }

  return {
    observe(model, filter, ms) {
      if (ms < o.slowMs || !filter) return;
      const fields = seekableFields(model, filter);
      // one at a time, after the answer: the request never waits for it
      if (fields.length > 0) queue = queue.then(() => consider(model, fields)).catch(() => void tables.delete(model.tableName));
    },
    forget: () => {
      tables.clear();
      slow.clear();
    },
    idle: async () => {
      // the queue may grow while we wait
      for (let q = queue; ; q = queue) {
        await q;
        if (q === queue) return;
      }
    },
  };
}

interface TableIndexes {
  /** first column of each usable index on the table */
  leading: Set<string>;
  /** how many of them Hearth learned */
  learned: number;
}

/** The oid of the schema on the search path (a `::regnamespace` cast would fold a mixed-case name). */
const CURRENT_SCHEMA = sql`(select oid from pg_namespace where nspname = current_schema())`;

async function readIndexes(db: Kysely<any>, d: SqlDialect, table: string): Promise<TableIndexes> {
  const q =
    d.engine === 'sqlite'
      ? sql<{ name: string; col: string }>`select il.name as name, ii.name as col
          from pragma_index_list(${table}) as il, pragma_index_info(il.name) as ii where ii.seqno = 0`
      : sql<{ name: string; col: string }>`select c.relname as name, a.attname as col from pg_index i
          join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
          join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
          where t.relname = ${table} and t.relnamespace = ${CURRENT_SCHEMA} and i.indisvalid`;
  const { rows } = await q.execute(db);
  return { leading: new Set(rows.map((r) => r.col)), learned: rows.filter((r) => r.name.startsWith(FILTER_INDEX_PREFIX)).length };
}

/** Makes the index; false when another instance is building one (PostgreSQL), to try again later. */
async function createIndex(db: Kysely<any>, d: SqlDialect, ix: { table: string; name: string; columns: string[] }): Promise<boolean> {
  const cols = sql.join(ix.columns.map((c) => sql.id(c)));
  if (d.engine === 'sqlite') {
    await sql`create index if not exists ${sql.id(ix.name)} on ${sql.id(ix.table)} (${cols})`.execute(db);
    return true;
  }
  // Two concurrent builds on one table deadlock (each waits for the other's snapshot), so one
  // instance builds at a time; the others skip (try-lock: nobody waits holding a snapshot).
  return db.connection().execute(async (conn) => {
    const key = sql`hashtext('hearth.filter-index'), hashtext(current_schema())`;
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
    if (!rows[0]?.ok) return false;
    try {
      const { rows: found } = await sql<{ valid: boolean }>`select i.indisvalid as valid from pg_index i
        join pg_class c on c.oid = i.indexrelid where c.relname = ${ix.name} and c.relnamespace = ${CURRENT_SCHEMA}`.execute(conn);
      if (found[0]?.valid) return true;
      // a build cut short (a crash, a cancel) leaves an invalid index that `if not exists` would keep
      if (found[0]) await sql`drop index concurrently if exists ${sql.id(ix.name)}`.execute(conn);
      try {
        await sql`create index concurrently ${sql.id(ix.name)} on ${sql.id(ix.table)} (${cols})`.execute(conn);
        return true;
      } catch (e) {
        await sql`drop index concurrently if exists ${sql.id(ix.name)}`.execute(conn);
        throw e;
      }
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

/** Drops the table's learned indexes: before SQLite rebuilds or drops a column (it refuses while an index names it). */
export async function dropFilterIndexes(db: Kysely<any>, d: SqlDialect, table: string): Promise<void> {
  for (const name of await tableIndexes(db, d, table)) {
    if (name.startsWith(FILTER_INDEX_PREFIX)) await sql`drop index if exists ${sql.id(name)}`.execute(db);
  }
}
