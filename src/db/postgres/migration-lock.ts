import { type Kysely, sql } from 'kysely';

/**
 * Runs `fn` holding a PostgreSQL session advisory lock on one dedicated connection, so that
 * instances started together migrate one after another: the first creates the tables, the others
 * find nothing left to do. Concurrent `create table if not exists` is not safe on its own (two
 * sessions can both pass the check and one fails on the catalog's unique index).
 * The lock is per schema (apps or test runs sharing a database do not wait for each other), and a
 * session lock, because the migration runs several transactions; the server releases it if the
 * process dies mid-migration. `fn` must run every statement on the connection it is given.
 */
export async function withPostgresMigrationLock<T>(db: Kysely<any>, fn: (conn: Kysely<any>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('hearth.migrate'), hashtext(current_schema()))`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('hearth.migrate'), hashtext(current_schema()))`.execute(conn);
    }
  });
}
