import type { Kysely, QueryResult } from 'kysely';

/**
 * What differs between the engines once Kysely has taken care of placeholders and quoting:
 * column types and how booleans and JSON are stored. Each adapter folder exports one.
 */
export interface SqlDialect {
  readonly engine: 'sqlite' | 'postgres';
  readonly columnTypes: {
    text: string;
    integer: string;
    /** 64-bit integer (epoch seconds/ms) */
    bigint: string;
    float: string;
    boolean: string;
    json: string;
  };
  encodeBoolean(b: boolean): unknown;
  decodeBoolean(v: unknown): boolean;
  encodeJson(v: unknown): unknown;
  decodeJson(v: unknown): unknown;
  /** bigint columns come back as strings from pg; numbers from sqlite */
  decodeBigint(v: unknown): number;
  /**
   * Serialises schema changes across processes sharing the database (PostgreSQL: an advisory
   * lock); absent where one process owns the database (SQLite).
   */
  withMigrationLock?<T>(db: Kysely<any>, fn: (conn: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * A hot read's rows at once, on the connection itself (SQLite: db/sqlite/connect.ts), or
   * `undefined` when the engine cannot, or cannot now: the caller runs it through Kysely
   */
  readNow?(db: Kysely<any>, sql: string, parameters: readonly unknown[]): Record<string, unknown>[] | undefined;
  /**
   * A compiled statement run on `db`'s own connection or pool without Kysely's driver and executor
   * (the same result Kysely's driver gives), or `undefined` when it must go through Kysely: `db` is
   * not one this engine's connect made (a transaction's, a plugin's), or (SQLite) a transaction is open
   */
  runNow?(db: Kysely<any>, sql: string, parameters: readonly unknown[]): Promise<QueryResult<any>> | undefined;
}
