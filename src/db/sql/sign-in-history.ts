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

export function createSqlSignInHistory(db: Kysely<any>): SignInHistoryStore {
  return {
    async add(sub, e, keep) {
      await db
        .insertInto(TABLE)
        .values({ sub, time: e.time, method: e.method, ok: e.ok ? 1 : 0, reason: e.reason ?? null, locked_out: e.lockedOut ? 1 : 0 })
        .execute();
      // the oldest past `keep`, in one statement (no round trip for the edge): the subquery is null, so
      // nothing goes, while the user has fewer than `keep` entries
      const edge = db.selectFrom(TABLE).select('seq').where('sub', '=', sub).orderBy('seq', 'desc').offset(keep).limit(1);
      await db.deleteFrom(TABLE).where('sub', '=', sub).where('seq', '<=', edge).execute();
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
