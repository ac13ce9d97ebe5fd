/** Authorization codes on SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set (two pools stand for two instances). */
import { describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import { createOAuthCodeTables, createSqlOAuthCodeStore } from './oauth-code-store.js';

const T0 = 1_700_000_000_000;

describe.each(STORE_ENGINES)('OAuth code store on $name', (engine) => {
  it.skipIf(engine.skip)('a code is taken once, by one of two instances racing, and expired codes are pruned', async () => {
    const { db, second, drop } = await engine.open();
    const other = second ? await second() : db;
    try {
      await createOAuthCodeTables(db, engine.dialect);
      const [a, b] = [createSqlOAuthCodeStore(db, engine.dialect), createSqlOAuthCodeStore(other, engine.dialect)];
      await a.put({ codeHash: 'h1', payload: 'sealed', expiresAt: T0 + 300_000 });
      const both = await Promise.all([a.take('h1'), b.take('h1')]);
      expect(both.filter(Boolean)).toEqual([{ codeHash: 'h1', payload: 'sealed', expiresAt: T0 + 300_000 }]);
      expect(await a.take('h1')).toBeUndefined();
      await a.put({ codeHash: 'old', payload: 'x', expiresAt: T0 });
      await a.put({ codeHash: 'new', payload: 'y', expiresAt: T0 + 2 });
      await b.prune(T0 + 1);
      expect(await a.take('old')).toBeUndefined();
      // get reads without spending; put keeps the first record under a key
      await a.put({ codeHash: 'kept', payload: 'one', expiresAt: T0 + 9 });
      await b.put({ codeHash: 'kept', payload: 'two', expiresAt: T0 + 9 });
      expect(await b.get('kept')).toMatchObject({ payload: 'one' });
      expect(await a.get('kept')).toMatchObject({ payload: 'one' });
      expect(await a.take('new')).toMatchObject({ payload: 'y' });
    } finally {
      if (other !== db) await other.destroy();
      await db.destroy();
      await drop();
    }
  });
});
