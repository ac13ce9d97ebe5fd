/**
 * A throw-away PostgreSQL schema per test run, so runs never see each other's rows. The returned
 * URL sets `search_path` through libpq's `options`, which node-postgres passes on.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../src/db/postgres/connect.js';
import { postgresDialect } from '../../src/db/postgres/dialect.js';
import type { SqlDialect } from '../../src/db/sql/dialect.js';
import { connectSqlite } from '../../src/db/sqlite/connect.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';

export const pgUrl = process.env.HEARTH_TEST_DATABASE_URL || undefined;

export async function createPgSchema(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `hearth_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** The engines an end-to-end test runs on; PostgreSQL says why it is skipped without the variable. */
export const E2E_ENGINES = [
  { name: 'sqlite' as const, skip: undefined as string | undefined },
  { name: 'postgres' as const, skip: pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set' },
];

/** What a sandbox on `engine` is given: a throw-away PostgreSQL schema, or no URL (its own SQLite file). */
export async function databaseFor(engine: 'sqlite' | 'postgres'): Promise<{ url?: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { url: undefined, drop: async () => {} };
  return createPgSchema(pgUrl as string);
}

/**
 * The two engines for tests of Hearth's own tables (fixed names): SQLite in memory, and a
 * throw-away PostgreSQL schema per `open()` (skipped without HEARTH_TEST_DATABASE_URL).
 * `second` opens another connection pool on the same database, for races between instances.
 */
export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  skip?: string;
  dialect: SqlDialect;
  open(): Promise<{ db: Kysely<any>; second?: () => Promise<Kysely<any>>; drop(): Promise<void> }>;
}

export const STORE_ENGINES: StoreEngine[] = [
  { name: 'sqlite', dialect: sqliteDialect, open: async () => ({ db: connectSqlite(':memory:'), drop: async () => {} }) },
  {
    name: 'postgres',
    skip: pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set',
    dialect: postgresDialect,
    open: async () => {
      const schema = await createPgSchema(pgUrl as string);
      return { db: await connectPostgres(schema.url), second: () => connectPostgres(schema.url), drop: schema.drop };
    },
  },
];
