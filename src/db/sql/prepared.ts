/**
 * A hot statement built and compiled by Kysely once, then run with new values: no query tree,
 * compile or plugin pass per call (record-store.ts's `get` does the same by hand). Used where a
 * statement runs on every sign-in. With the engine's dialect it also skips Kysely's driver where
 * the engine can (SqlDialect.runNow).
 */
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { SqlDialect } from './dialect.js';

const MARK = '\u0000arg';

/** The database a statement is prepared on, and its engine's dialect (for runNow). */
export interface PrepareOn {
  db: Kysely<any>;
  d?: Pick<SqlDialect, 'runNow'>;
}

/**
 * `build` receives one placeholder per argument and makes the query with them; each call binds its
 * arguments where the placeholders were, and the query's own constants stay as they were compiled.
 */
export function prepare<A extends unknown[], R = Record<string, any>>(
  { db, d }: PrepareOn,
  // a query builder, or a sql`` template (compiled against db)
  build: (...placeholders: any[]) => { compile(db: Kysely<any>): CompiledQuery<unknown> },
  arity: A['length'],
): (...args: A) => Promise<QueryResult<R>> {
  const placeholders = Array.from({ length: arity }, (_, i) => `${MARK}${i}`);
  const { sql, parameters } = build(...placeholders).compile(db);
  const slots = parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? Number(p.slice(MARK.length)) : -1));
  // a placeholder inlined into the text, or lost, would bind the wrong values
  if (sql.includes(MARK) || placeholders.some((_, i) => !slots.includes(i))) throw new Error(`cannot prepare: ${sql}`);
  return (...args) => {
    const values = slots.map((slot, i) => (slot < 0 ? parameters[i] : args[slot]));
    return d?.runNow?.(db, sql, values) ?? db.executeQuery<R>(CompiledQuery.raw(sql, values));
  };
}
