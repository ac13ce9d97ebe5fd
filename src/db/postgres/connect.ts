import { Kysely, PostgresDialect } from 'kysely';

/**
 * Connects a pool to a PostgreSQL URL (postgres://user@host:port/db). `pg` is imported on use, so
 * the SQLite sandbox does not pay for loading it at start.
 */
export async function connectPostgres(url: string): Promise<Kysely<any>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // an idle client's error (server restart) must not crash the process
  pool.on('error', () => {});
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
}
