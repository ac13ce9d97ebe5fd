/**
 * The two SQL engines for storage tests. PostgreSQL runs only when HEARTH_TEST_DATABASE_URL is set
 * (e.g. postgres://postgres@127.0.0.1:5432/test); tables get a per-run prefix and are dropped after.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { connectPostgres } from '../../src/db/postgres/connect.js';
import { postgresDialect } from '../../src/db/postgres/dialect.js';
import type { SqlDialect } from '../../src/db/sql/dialect.js';
import { connectSqlite } from '../../src/db/sqlite/connect.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';

export const pgUrl = process.env.HEARTH_TEST_DATABASE_URL;

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** why this engine is skipped, if it is */
  skip?: string;
  open(): Promise<{ db: Kysely<any>; d: SqlDialect; prefix: string; close(): Promise<void> }>;
}

export const engines: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const db = connectSqlite(':memory:');
      return { db, d: sqliteDialect, prefix: 't_', close: () => db.destroy() };
    },
  },
  {
    name: 'postgres',
    skip: pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set',
    async open() {
      const db = await connectPostgres(pgUrl as string);
      const prefix = `t${randomBytes(4).toString('hex')}_`;
      return {
        db,
        d: postgresDialect,
        prefix,
        async close() {
          const { rows } = await sql<{ t: string }>`select tablename as t from pg_tables
            where schemaname = current_schema() and tablename like ${`${prefix}%`}`.execute(db);
          for (const r of rows) await sql`drop table if exists ${sql.id(r.t)}`.execute(db);
          await db.destroy();
        },
      };
    },
  },
];

/** describe() title that says when and why an engine is skipped. */
export function engineTitle(e: Engine, what: string): string {
  return e.skip ? `${what} on ${e.name} (skipped: ${e.skip})` : `${what} on ${e.name}`;
}
