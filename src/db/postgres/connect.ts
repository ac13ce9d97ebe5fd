import { Kysely, PostgresDialect, type QueryResult } from 'kysely';
import type { Pool } from 'pg';

/**
 * Connects a pool to a PostgreSQL URL (postgres://user@host:port/db). `pg` is imported on use, so
 * the SQLite sandbox does not pay for loading it at start.
 */
export async function connectPostgres(url: string): Promise<Kysely<any>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // an idle client's error (server restart) must not crash the process
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** each Kysely connectPostgres made, with its pool (for runNow) */
const pools = new WeakMap<Kysely<any>, Pool>();

const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * A statement on `db`'s pool as Kysely's driver runs it (any idle client, then released), without
 * its connection provider and executor: the same rows and affected-row count. `undefined` for a
 * Kysely connectPostgres did not make (a transaction's, a plugin's).
 */
export function runNow(db: Kysely<any>, sql: string, parameters: readonly unknown[]): Promise<QueryResult<any>> | undefined {
  const pool = pools.get(db);
  if (pool === undefined) return undefined;
  return pool.query(sql, [...parameters]).then(({ command, rowCount, rows }) => ({
    numAffectedRows: COUNTED.has(command) ? BigInt(rowCount ?? 0) : undefined,
    rows: rows ?? [],
  }));
}
