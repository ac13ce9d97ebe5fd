import type { InsertQueryBuilder, Kysely, QueryCreator } from 'kysely';
import type { SqlDialect } from './dialect.js';

/** One INSERT, built on whatever it runs in (the database, a transaction, a WITH clause). */
export type InsertOf = (qc: QueryCreator<any>) => InsertQueryBuilder<any, any, any>;

/**
 * Runs several inserts as one unit: every row is written or none is. On PostgreSQL they become one
 * statement (the first ones as data-modifying WITH clauses), so the unit costs one round trip and
 * one commit instead of one of each per row plus BEGIN and COMMIT; on SQLite, which has no such
 * clauses and no round trips to save, a transaction.
 */
export async function insertTogether(db: Kysely<any>, d: SqlDialect, inserts: InsertOf[]): Promise<void> {
  const last = inserts.at(-1);
  if (!last) return;
  if (inserts.length === 1) {
    await last(db).execute();
    return;
  }
  if (d.engine === 'postgres') {
    const withClauses = inserts.slice(0, -1).reduce<QueryCreator<any>>((qc, insert, i) => qc.with(`w${i}`, (w) => insert(w)), db);
    await last(withClauses).execute();
    return;
  }
  await db.transaction().execute(async (tx) => {
    for (const insert of inserts) await insert(tx).execute();
  });
}
