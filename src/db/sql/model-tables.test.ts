import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { SqlDialect } from './dialect.js';
import { migrateModelTables } from './model-tables.js';
import { pruneKeptColumns } from './prune-columns.js';
import { createSqlRecordStore } from './record-store.js';
import { tableColumns, tableIndexes } from './table-columns.js';

const empty = { createdTables: [], addedColumns: [], keptColumns: [], changedColumns: [], createdIndexes: [] };

describe.each(engines)('model tables', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'migrateModelTables'), () => {
    let e: Awaited<ReturnType<Engine['open']>>;
    let db: typeof e.db;
    let d: SqlDialect;
    let prefix: string;
    beforeAll(async () => {
      e = await engine.open();
      ({ db, d, prefix } = e);
    });
    afterAll(() => e?.close());

    it('adds tables and columns for new models and fields, keeps rows and removed columns', async () => {
      const v1 = model('Note', [field('title'), field('legacy')], { tableName: `${prefix}note` });
      expect(await migrateModelTables(db, d, [v1])).toEqual({ ...empty, createdTables: [`${prefix}note`] });
      const store = createSqlRecordStore(db, d);
      await store.insert(v1, { id: 'n1', title: 'kept', legacy: 'old' });

      const v2 = model('Note', [field('title'), field('stars', 'Int')], { tableName: `${prefix}note` });
      const tag = model('Tag', [field('label')], { tableName: `${prefix}tag` });
      const report = await migrateModelTables(db, d, [v2, tag]);
      expect(report).toEqual({
        ...empty,
        createdTables: [`${prefix}tag`],
        addedColumns: [`${prefix}note.stars`],
        keptColumns: [`${prefix}note.legacy`],
      });
      expect(await store.get(v2, { id: 'n1' })).toMatchObject({ title: 'kept', stars: null });
      await store.update(v2, { id: 'n1' }, { stars: 5 });
      expect(await store.get(v2, { id: 'n1' })).toMatchObject({ stars: 5 });
      // a second run with nothing new is a no-op
      expect(await migrateModelTables(db, d, [v2, tag])).toEqual({ ...empty, keptColumns: [`${prefix}note.legacy`] });
      // until told otherwise: pruning drops the kept column, and the rows stay
      expect(await pruneKeptColumns(db, d, [v2, tag])).toEqual([`${prefix}note.legacy`]);
      expect([...(await tableColumns(db, d, `${prefix}note`))]).not.toContain('legacy');
      expect(await store.get(v2, { id: 'n1' })).toMatchObject({ title: 'kept', stars: 5 });
    });

    it('creates an index per secondary index on partition key, sort keys and primary key; drops removed ones', async () => {
      const table = `${prefix}post`;
      const v1 = model('Post', [field('status'), field('title'), field('rank', 'Int')], { tableName: table });
      await migrateModelTables(db, d, [v1]);
      const v2: ModelIR = {
        ...v1,
        secondaryIndexes: [
          { name: 'postsByStatusAndTitle', queryField: 'listPostByStatusAndTitle', partitionKey: 'status', sortKeys: ['title'] },
          { name: 'postsByRank', queryField: 'listPostByRank', partitionKey: 'rank', sortKeys: [] },
        ],
      };
      const report = await migrateModelTables(db, d, [v2]);
      expect(report.createdIndexes).toEqual([`${table}.hx_${table}_postsByStatusAndTitle`, `${table}.hx_${table}_postsByRank`]);
      expect(await indexColumns(`hx_${table}_postsByStatusAndTitle`)).toEqual(['status', 'title', 'id']);
      expect((await migrateModelTables(db, d, [v2])).createdIndexes).toEqual([]);
      await migrateModelTables(db, d, [{ ...v2, secondaryIndexes: v2.secondaryIndexes.slice(0, 1) }]);
      const left = [...(await tableIndexes(db, d, table))].filter((n) => n.startsWith('hx_'));
      expect(left).toEqual([`hx_${table}_postsByStatusAndTitle`]);
    });

    it('indexes the reference fields a hasMany reads by, unless a secondary index already leads with them', async () => {
      const post = model(
        'Post',
        [
          field('title'),
          field('comments', { kind: 'model', name: 'Comment' }, { association: { connectionType: 'HAS_MANY', references: ['postId'] } }),
        ],
        {
          tableName: `${prefix}rpost`,
        },
      );
      const comment = model(
        'Comment',
        [
          field('postId', 'ID'),
          field('body'),
          field('post', { kind: 'model', name: 'Post' }, { association: { connectionType: 'BELONGS_TO', references: ['postId'] } }),
        ],
        {
          tableName: `${prefix}rcomment`,
        },
      );
      const report = await migrateModelTables(db, d, [post, comment]);
      expect(report.createdIndexes).toEqual([`${prefix}rcomment.hx_${prefix}rcomment_ref_postId`]);
      expect(await indexColumns(`hx_${prefix}rcomment_ref_postId`)).toEqual(['postId', 'id']);
      const indexed: ModelIR = {
        ...comment,
        secondaryIndexes: [
          { name: 'commentsByPostIdAndBody', queryField: 'listCommentByPostIdAndBody', partitionKey: 'postId', sortKeys: ['body'] },
        ],
      };
      await migrateModelTables(db, d, [post, indexed]);
      const left = [...(await tableIndexes(db, d, `${prefix}rcomment`))].filter((n) => n.startsWith('hx_'));
      expect(left).toEqual([`hx_${prefix}rcomment_commentsByPostIdAndBody`]);
    });

    it('applies type changes every stored row survives, rewriting the column', async () => {
      const table = `${prefix}item`;
      const store = createSqlRecordStore(db, d);
      const v1 = model(
        'Item',
        [field('qty', 'Int'), field('code'), field('level', { kind: 'enum', name: 'Level' }), field('note', 'String', { required: true })],
        {
          tableName: table,
        },
      );
      const enums = [{ name: 'Level', values: ['LOW', 'HIGH'] }];
      await migrateModelTables(db, d, [v1], { enums });
      await store.insert(v1, { id: 'a', qty: 3, code: '42', level: 'LOW', note: 'x' });
      await store.insert(v1, { id: 'b', qty: null, code: '-7', level: 'HIGH', note: 'y' });
      // Int → Float, numeric String → Int, enum → String, required → optional
      const v2 = model('Item', [field('qty', 'Float'), field('code', 'Int'), field('level'), field('note')], { tableName: table });
      const report = await migrateModelTables(db, d, [v2], { enums });
      expect(report.changedColumns.sort()).toEqual([`${table}.code`, `${table}.level`, `${table}.note`, `${table}.qty`]);
      expect(await store.get(v2, { id: 'a' })).toMatchObject({ qty: 3, code: 42, level: 'LOW', note: 'x' });
      expect(await store.get(v2, { id: 'b' })).toMatchObject({ qty: null, code: -7, level: 'HIGH' });
      await store.update(v2, { id: 'a' }, { qty: 2.5 });
      expect(await store.get(v2, { id: 'a' })).toMatchObject({ qty: 2.5 });
      const { rows } = await store.list(v2, { limit: 10, filter: { code: { gt: 0 } } });
      expect(rows.map((r) => r.id)).toEqual(['a']);
    });

    it('refuses a change that breaks rows, naming model, field and reason, and changes nothing', async () => {
      const table = `${prefix}task`;
      const store = createSqlRecordStore(db, d);
      const v1 = model('Task', [field('size'), field('tags', 'String', { isArray: true }), field('owner')], { tableName: table });
      await migrateModelTables(db, d, [v1]);
      await store.insert(v1, { id: 't1', size: 'large', tags: ['a'], owner: null });
      const bad = model('Task', [field('size', 'Int'), field('tags'), field('owner', 'String', { required: true }), field('extra')], {
        tableName: table,
      });
      const err = (await migrateModelTables(db, d, [bad]).then(
        () => undefined,
        (x: unknown) => x,
      )) as Error & { code: string };
      expect(err).toMatchObject({ code: 'ConfigError' });
      expect(err.message).toContain('Task.size cannot change from String to Int: 1 row holds a value that Int cannot take (e.g. "large")');
      expect(err.message).toContain('Task.tags cannot change from [String] to String');
      expect(err.message).toContain('Task.owner cannot change from String to String!: 1 row has no value');
      // nothing applied: no new column, rows read as before, and the old schema still migrates cleanly
      expect([...(await tableColumns(db, d, table))]).not.toContain('extra');
      expect(await store.get(v1, { id: 't1' })).toMatchObject({ size: 'large', tags: ['a'] });
      expect(await migrateModelTables(db, d, [v1])).toEqual(empty);
    });

    it('checks enum fields against the enum values: adding a value is fine, removing one in use is refused', async () => {
      const table = `${prefix}ticket`;
      const store = createSqlRecordStore(db, d);
      const t = model('Ticket', [field('state', { kind: 'enum', name: 'State' })], { tableName: table });
      await migrateModelTables(db, d, [t], { enums: [{ name: 'State', values: ['OPEN', 'CLOSED'] }] });
      await store.insert(t, { id: 'x', state: 'CLOSED' });
      await migrateModelTables(db, d, [t], { enums: [{ name: 'State', values: ['OPEN', 'CLOSED', 'HELD'] }] });
      await expect(migrateModelTables(db, d, [t], { enums: [{ name: 'State', values: ['OPEN', 'HELD'] }] })).rejects.toThrow(
        'Ticket.state cannot change to the new values of State: 1 row holds a value that State cannot take (e.g. "CLOSED")',
      );
      expect(await store.get(t, { id: 'x' })).toMatchObject({ state: 'CLOSED' });
    });

    async function indexColumns(index: string): Promise<string[]> {
      const q =
        d.engine === 'sqlite'
          ? sql<{ name: string }>`select name from pragma_index_info(${index}) order by seqno`
          : sql<{ name: string }>`select a.attname as name from pg_index i
              join pg_class c on c.oid = i.indexrelid
              cross join lateral unnest(i.indkey) with ordinality as k(attnum, n)
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
              where c.relname = ${index} order by k.n`;
      return (await q.execute(db)).rows.map((r) => r.name);
    }
  });
});
