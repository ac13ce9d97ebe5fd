import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from './dialect.js';

/** Existing column names of a table (empty when the table does not exist): the one per-engine bit of migration. */
export async function tableColumns(db: Kysely<any>, d: SqlDialect, table: string): Promise<Set<string>> {
  const q =
    d.engine === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : // the catalog itself: information_schema.columns checks privileges on every column of the database
        sql<{ name: string }>`select attname as name from pg_attribute
          where attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(${table}))
            and attnum > 0 and not attisdropped`;
  const { rows } = await q.execute(db);
  return new Set(rows.map((r) => r.name));
}

/** Names of the indexes on a table (the primary key's own index included on PostgreSQL). */
export async function tableIndexes(db: Kysely<any>, d: SqlDialect, table: string): Promise<Set<string>> {
  const q =
    d.engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table}`
      : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = ${table}`;
  const { rows } = await q.execute(db);
  return new Set(rows.map((r) => r.name));
}
