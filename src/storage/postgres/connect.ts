import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** Connects a pool to a PostgreSQL URL (postgres://user@host:port/db). */
export function connectPostgres(url: string): Kysely<any> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // an idle client's error (server restart) must not crash the process
  pool.on('error', () => {});
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
}
