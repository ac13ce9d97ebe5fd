import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { SqlDialect } from './dialect.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';

describe.each(engines)('model tables', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'migrateModelTables'), () => {
    let e: Awaited<ReturnType<Engine['open']>>;
    beforeAll(async () => {
      e = await engine.open();
    });
    afterAll(() => e?.close());

    it('adds tables and columns for new models and fields, keeps rows and removed columns', async () => {
      const { db, d, prefix } = e as { db: typeof e.db; d: SqlDialect; prefix: string };
      const v1 = model('Note', [field('title'), field('legacy')], { tableName: `${prefix}note` });
      expect(await migrateModelTables(db, d, [v1])).toEqual({ createdTables: [`${prefix}note`], addedColumns: [], keptColumns: [] });
      const store = createSqlRecordStore(db, d);
      await store.insert(v1, { id: 'n1', title: 'kept', legacy: 'old' });

      const v2 = model('Note', [field('title'), field('stars', 'Int')], { tableName: `${prefix}note` });
      const tag = model('Tag', [field('label')], { tableName: `${prefix}tag` });
      const report = await migrateModelTables(db, d, [v2, tag]);
      expect(report).toEqual({
        createdTables: [`${prefix}tag`],
        addedColumns: [`${prefix}note.stars`],
        keptColumns: [`${prefix}note.legacy`],
      });
      expect(await store.get(v2, { id: 'n1' })).toMatchObject({ title: 'kept', stars: null });
      await store.update(v2, { id: 'n1' }, { stars: 5 });
      expect(await store.get(v2, { id: 'n1' })).toMatchObject({ stars: 5 });
      // a second run with nothing new is a no-op
      expect(await migrateModelTables(db, d, [v2, tag])).toEqual({
        createdTables: [],
        addedColumns: [],
        keptColumns: [`${prefix}note.legacy`],
      });
    });
  });
});
