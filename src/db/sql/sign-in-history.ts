/**
 * Each user's recent sign-in attempts (hearth_sign_ins), bounded per user: adding one deletes what
 * falls past the newest `keep`, so a user hammered by guesses costs a fixed number of rows.
 */
import type { Kysely } from 'kysely';
import type { SignInEntry, SignInHistoryStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { prepare } from './prepared.js';
import { insertRefreshToken, refreshTokenRow } from './user-store.js';

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
 * trip on every credential check, and so are a successful sign-in's entry, trim and refresh token
 * (addWithRefreshToken); SQLite has no such CTE and takes two (in process, no round trip).
 */
export function createSqlSignInHistory(db: Kysely<any>, d?: Pick<SqlDialect, 'engine' | 'encodeBoolean' | 'runNow'>): SignInHistoryStore {
  // built once (prepared.ts): one of these runs on every credential check
  const entry = (sub: unknown, time: unknown, method: unknown, ok: unknown, reason: unknown, lockedOut: unknown) => ({
    sub,
    time,
    method,
    ok,
    reason,
    locked_out: lockedOut,
  });
  type Entry = [sub: string, time: string, method: string, ok: number, reason: string | null, lockedOut: number];
  // the DELETE sees the table as it was before this INSERT: keep the newest keep - 1 of those
  const addAndTrim = prepare<[...Entry, skip: number]>(
    { db, d },
    (sub, time, method, ok, reason, lockedOut, skip) =>
      db
        .with('added', (qb) =>
          qb
            .insertInto(TABLE)
            .values(entry(sub, time, method, ok, reason, lockedOut))
            .returning('seq'),
        )
        .deleteFrom(TABLE)
        .where('sub', '=', sub)
        .where('seq', '<=', edgeOf(db, sub, skip)),
    7,
  );
  // the same, and the session's refresh token (user-store.ts's row) in a third CTE
  const addTrimAndToken = prepare<[...Entry, skip: number, ...token: ReturnType<typeof refreshTokenRow>]>(
    { db, d },
    (sub, time, method, ok, reason, lockedOut, skip, ...token) =>
      db
        .with('added', (qb) =>
          qb
            .insertInto(TABLE)
            .values(entry(sub, time, method, ok, reason, lockedOut))
            .returning('seq'),
        )
        .with('token', (qb) => insertRefreshToken(qb, ...token).returning('token_hash'))
        .deleteFrom(TABLE)
        .where('sub', '=', sub)
        .where('seq', '<=', edgeOf(db, sub, skip)),
    13,
  );
  const add = prepare<Entry>(
    { db, d },
    (sub, time, method, ok, reason, lockedOut) => db.insertInto(TABLE).values(entry(sub, time, method, ok, reason, lockedOut)),
    6,
  );
  // the oldest past `keep`, in one statement (no round trip for the edge): the subquery is null, so
  // nothing goes, while the user has fewer than `keep` entries
  const trim = prepare<[sub: string, keep: number]>(
    { db, d },
    (sub, keep) =>
      db
        .deleteFrom(TABLE)
        .where('sub', '=', sub)
        .where('seq', '<=', edgeOf(db, sub, keep)),
    2,
  );
  const entryRow = (sub: string, e: SignInEntry): Entry => [sub, e.time, e.method, e.ok ? 1 : 0, e.reason ?? null, e.lockedOut ? 1 : 0];
  const withToken: Pick<SignInHistoryStore, 'addWithRefreshToken'> =
    d?.engine === 'postgres'
      ? {
          async addWithRefreshToken(sub, e, keep, token) {
            await addTrimAndToken(...entryRow(sub, e), keep - 1, ...refreshTokenRow(d, token));
          },
        }
      : {};
  return {
    ...withToken,
    async add(sub, e, keep) {
      const row = entryRow(sub, e);
      if (d?.engine === 'postgres') {
        await addAndTrim(...row, keep - 1);
        return;
      }
      await add(...row);
      await trim(sub, keep);
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
