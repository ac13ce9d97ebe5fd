import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { Kysely, type QueryResult, SqliteDialect } from 'kysely';

/** better-sqlite3 (a native addon) is required when SQLite opens: a start on PostgreSQL never loads it */
const requireHere = createRequire(import.meta.url);

/**
 * Opens (creating if needed) an SQLite file in WAL mode. With `synchronous = FULL` (the default,
 * `hearth start`) each commit syncs the WAL to disk before it returns, so a write that was answered
 * survives a power cut or an OS crash, as on PostgreSQL with its default `synchronous_commit = on`.
 * NORMAL (the sandbox) survives a process crash (kill -9) only, and saves one fsync per commit
 * (~0.6–0.9 ms on the CI VM's disk), see src/db/README.md.
 */
export function connectSqlite(file: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Kysely<any> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const SqliteDatabase = requireHere('better-sqlite3') as typeof Database;
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const cached = withStatementCache(database);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cached }) });
  connections.set(db, cached);
  return db;
}

/** each Kysely connectSqlite made, with its connection (for readNow) */
const connections = new WeakMap<Kysely<any>, Database.Database>();

/**
 * The rows of a read statement run straight on `db`'s connection with the cached statement, as
 * Kysely's driver runs it (`all(parameters)`), without its queue and promise chain. `undefined`
 * when that is not the same: `db` is not one connectSqlite made (a transaction's, a plugin's), or
 * a transaction is open on the connection (Kysely would wait for its commit; a direct read would
 * see its uncommitted rows).
 */
export function readNow(db: Kysely<any>, sql: string, parameters: readonly unknown[]): Record<string, unknown>[] | undefined {
  return idleConnection(db)?.prepare(sql).all(parameters) as Record<string, unknown>[] | undefined;
}

/** `db`'s own connection when a statement may run straight on it: one connectSqlite made, with no transaction open. */
function idleConnection(db: Kysely<any>): Database.Database | undefined {
  const database = connections.get(db);
  return database === undefined || database.inTransaction ? undefined : database;
}

/** Any statement as {@link readNow} reads: run() for one that returns no rows, with the result Kysely's driver makes of it. */
export function runNow(db: Kysely<any>, sql: string, parameters: readonly unknown[]): Promise<QueryResult<any>> | undefined {
  const stmt = idleConnection(db)?.prepare(sql);
  if (stmt === undefined) return undefined;
  if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) });
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
}

const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a primary-key
 * lookup. Statements are reusable (Kysely runs them with all()/run(), never a held iterator), so
 * keep the recent ones by SQL text. A schema change (migration) clears the cache, since SQLite
 * re-prepares stale statements itself but a dropped shape must not linger.
 */
function withStatementCache(db: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
      return (sql: string) => {
        let stmt = cache.get(sql);
        if (!stmt) {
          stmt = prepare(sql);
          if (/^\s*(create|alter|drop)\b/i.test(sql)) cache.clear();
          else {
            if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
            cache.set(sql, stmt);
          }
        }
        return stmt;
      };
    },
  });
}
