/**
 * A throw-away PostgreSQL schema per test run, so runs never see each other's rows. The returned
 * URL sets `search_path` through libpq's `options`, which node-postgres passes on.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
