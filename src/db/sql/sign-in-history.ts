/**
 * Each user's recent sign-in attempts (hearth_sign_ins), bounded per user: adding one deletes what
 * falls past the newest `keep`, so a user hammered by guesses costs a fixed number of rows.
 */
import type { Kysely } from 'kysely';
import type { SignInEntry, SignInHistoryStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

const TABLE = 'hearth_sign_ins';

export async function createSignInHistoryTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('seq', d.engine === 'sqlite' ? 'integer' : 'bigserial', (c) =>
      d.engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('locked_out', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex(`${TABLE}_sub`).ifNotExists().on(TABLE).columns(['sub', 'seq']).execute();
}

/** The newest entry of `sub` that falls past the newest `skip` (null while there are not that many). */
const edgeOf = (db: Kysely<any>, sub: string, skip: number) =>
  db.selectFrom(TABLE).select('seq').where('sub', '=', sub).orderBy('seq', 'desc').offset(skip).limit(1);

/**
 * `d`: with PostgreSQL, an entry and its trim are one statement (a data-modifying CTE), one round
 * trip on every credential check; SQLite has no such CTE and takes two (in process, no round trip).
 */
export function createSqlSignInHistory(db: Kysely<any>, d?: Pick<SqlDialect, 'engine'>): SignInHistoryStore {
  return {
    async add(sub, e, keep) {
      const row = { sub, time: e.time, method: e.method, ok: e.ok ? 1 : 0, reason: e.reason ?? null, locked_out: e.lockedOut ? 1 : 0 };
      if (d?.engine === 'postgres') {
        // the DELETE sees the table as it was before this INSERT: keep the newest keep - 1 of those
        await db
          .with('added', (qb) => qb.insertInto(TABLE).values(row).returning('seq'))
          .deleteFrom(TABLE)
          .where('sub', '=', sub)
          .where('seq', '<=', edgeOf(db, sub, keep - 1))
          .execute();
        return;
      }
      await db.insertInto(TABLE).values(row).execute();
      // the oldest past `keep`, in one statement (no round trip for the edge): the subquery is null, so
      // nothing goes, while the user has fewer than `keep` entries
      await db
        .deleteFrom(TABLE)
        .where('sub', '=', sub)
        .where('seq', '<=', edgeOf(db, sub, keep))
        .execute();
    },
    async recent(sub, limit) {
      const rows = await db.selectFrom(TABLE).selectAll().where('sub', '=', sub).orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(
        (r): SignInEntry => ({
          time: r.time,
          method: r.method,
          ok: Number(r.ok) === 1,
          ...(r.reason ? { reason: r.reason } : {}),
          lockedOut: Number(r.locked_out) === 1,
        }),
      );
    },
  };
}
