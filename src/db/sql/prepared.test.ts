/** prepare(): a statement compiled once binds each call's values where its placeholders were. */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES, type StoreEngine } from '../../../test/support/pg-schema.js';
import { connectSqlite } from '../sqlite/connect.js';
import { prepare } from './prepared.js';

describe('prepare', () => {
  it('binds every use of an argument, keeps the constants, and runs again with new values', async () => {
    const db = connectSqlite(':memory:');
    await sql`create table t (k text, n integer)`.execute(db);
    await db
      .insertInto('t')
      .values([
        { k: 'a', n: 1 },
        { k: 'a', n: 2 },
        { k: 'b', n: 3 },
        { k: 'c', n: 4 },
      ])
      .execute();
    const pick = prepare<[k: string, other: string]>(
      { db },
      (k, other) =>
        db
          .selectFrom('t')
          .select('n')
          .where((e) => e.or([e('k', '=', k), e('k', '=', other)]))
          .where('n', '>', 1)
          .orderBy('n'),
      2,
    );
    expect((await pick('a', 'b')).rows).toEqual([{ n: 2 }, { n: 3 }]);
    expect((await pick('c', 'c')).rows).toEqual([{ n: 4 }]);
    await db.destroy();
  });

  it('refuses a statement that does not bind each argument', () => {
    const db = connectSqlite(':memory:');
    expect(() => prepare<[k: string]>({ db }, (k) => db.selectFrom('t').select(sql.lit(k).as('k')), 1)).toThrow(/cannot prepare/);
  });
});

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`a prepared statement straight on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let opened: Awaited<ReturnType<StoreEngine['open']>>;
    beforeEach(async () => {
      opened = await open();
      await sql`create table t (k text primary key, n integer)`.execute(opened.db);
    });
    afterEach(async () => {
      await opened.db.destroy();
      await opened.drop();
    });

    /** The same statements prepared on the engine (runNow) and through Kysely alone. */
    const both = (db: Kysely<any>) =>
      [{ db, d: dialect }, { db }].map((on) => ({
        put: prepare<[k: string, n: number]>(
          on,
          (k, n) =>
            db
              .insertInto('t')
              .values({ k, n })
              .onConflict((oc) => oc.column('k').doNothing()),
          2,
        ),
        bump: prepare<[k: string]>(on, (k) => db.updateTable('t').set({ n: sql`n + 1` }).where('k', '>=', k), 1),
        read: prepare<[k: string]>(on, (k) => db.selectFrom('t').selectAll().where('k', '>=', k).orderBy('k'), 1),
      }));

    it('answers as Kysely does: the rows read, the rows a write changed', async () => {
      const [direct, kysely] = both(opened.db);
      expect(dialect.runNow?.(opened.db, 'select 1 as one', [])).toBeDefined();
      const answers = async (s: NonNullable<typeof direct>, k: string) => {
        const put = await s.put(k, 1);
        const again = await s.put(k, 9);
        const bumped = await s.bump(k);
        return { put: put.numAffectedRows, again: again.numAffectedRows, bumped: bumped.numAffectedRows, rows: (await s.read(k)).rows };
      };
      const a = await answers(direct as NonNullable<typeof direct>, 'b');
      const b = await answers(kysely as NonNullable<typeof kysely>, 'a');
      expect(a).toEqual({ put: 1n, again: 0n, bumped: 1n, rows: [{ k: 'b', n: 2 }] });
      expect(b).toEqual({
        put: 1n,
        again: 0n,
        bumped: 2n,
        rows: [
          { k: 'a', n: 2 },
          { k: 'b', n: 3 },
        ],
      });
    });

    it('never sees the rows of a transaction that rolls back, nor writes inside it', async () => {
      const [direct] = both(opened.db);
      const s = direct as NonNullable<typeof direct>;
      let during: Promise<unknown> | undefined;
      let written: Promise<unknown> | undefined;
      await opened.db
        .transaction()
        .execute(async (tx) => {
          await tx.insertInto('t').values({ k: 'x', n: 1 }).execute();
          during = s.read('a');
          written = s.put('y', 1);
          throw new Error('roll back');
        })
        .catch(() => {});
      // the read and the write run on other connections, in either order (PostgreSQL): the read may
      // see the write, never the transaction's row
      expect(((await during) as { rows: { k: string }[] }).rows.map((r) => r.k)).not.toContain('x');
      await written;
      expect((await s.read('a')).rows).toEqual([{ k: 'y', n: 1 }]);
    });
  });
