/** prepare(): a statement compiled once binds each call's values where its placeholders were. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
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
      db,
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
    expect(() => prepare<[k: string]>(db, (k) => db.selectFrom('t').select(sql.lit(k).as('k')), 1)).toThrow(/cannot prepare/);
  });
});
