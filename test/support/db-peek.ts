/**
 * A second, plain connection to a running sandbox's database, for tests that check what is stored
 * (rows, half rows, SQLite's integrity check) rather than what an API shows. Queries take no
 * parameters, so the same SQL text runs on both engines.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface DbPeek {
  engine: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** `PRAGMA integrity_check` on SQLite ('ok' when sound); PostgreSQL has no equivalent and says 'ok' */
  integrity(): Promise<string>;
  close(): Promise<void>;
}

/** Opens `url` (PostgreSQL) or else the SQLite file `sqliteFile`. */
export async function peekDatabase(o: { url?: string; sqliteFile: string }): Promise<DbPeek> {
  if (o.url) {
    const client = new pg.Client({ connectionString: o.url });
    await client.connect();
    return {
      engine: 'postgres',
      all: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      integrity: async () => 'ok',
      close: () => client.end(),
    };
  }
  const db = new Database(o.sqliteFile, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    engine: 'sqlite',
    all: async <T>(sql: string) => db.prepare(sql).all() as T[],
    integrity: async () => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
    close: async () => void db.close(),
  };
}
