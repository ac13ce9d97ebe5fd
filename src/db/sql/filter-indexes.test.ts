import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { FilterInput, ListQuery, RecordStore, Row } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { seekableFields } from './filter-index-fields.js';
import { dropFilterIndexes, FILTER_INDEX_PREFIX, type FilterIndexer } from './filter-indexes.js';
import { migrateModelTables } from './model-tables.js';
import { pruneKeptColumns } from './prune-columns.js';
import { createSqlRecordStore } from './record-store.js';
import { tableIndexes } from './table-columns.js';

const ROWS = 3_000;

function itemModel(prefix: string, extra: ModelIR['fields'] = []): ModelIR {
  return {
    ...model('Item', [field('category', 'String', { required: true }), field('name'), field('n', 'Int'), field('note'), ...extra], {
      tableName: `${prefix}fx_item`,
    }),
    secondaryIndexes: [{ name: 'byCategory', queryField: null, partitionKey: 'category', sortKeys: [] }],
  };
}

describe('seekableFields', () => {
  const m = itemModel('');
  it.each<[string, FilterInput, string[]]>([
    ['eq', { name: { eq: 'x' } }, ['name']],
    ['a range and an in', { n: { between: [1, 2] }, note: { in: ['a'] } }, ['n', 'note']],
    ['and of conjuncts', { and: [{ name: { eq: 'x' } }, { n: { gt: 1 } }] }, ['name', 'n']],
    ["an or's common field (owner rules)", { or: [{ name: { eq: 'a' } }, { name: { eq: 'b' }, n: { eq: 1 } }] }, ['name']],
    ['an or without one', { or: [{ name: { eq: 'a' } }, { n: { eq: 1 } }] }, []],
    ['ne, contains, beginsWith, size, exists', { name: { ne: 'x', contains: 'y', beginsWith: 'z', attributeExists: true } }, []],
    ['not', { not: { name: { eq: 'x' } } }, []],
    ['eq null (is null)', { name: { eq: null } }, []],
    ['unknown field', { nope: { eq: 1 } } as FilterInput, []],
  ])('%s', (_, filter, fields) => {
    expect(seekableFields(m, filter)).toEqual(fields);
  });
});

describe.each(engines)('learned filter indexes', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'indexes learned from slow filtered lists'), () => {
    let db: Kysely<any>;
    let d: SqlDialect;
    let item: ModelIR;
    let close: () => Promise<void>;
    const storeWith = (o: { after?: number; slowMs?: number; perTable?: number } = {}) =>
      createSqlRecordStore(db, d, { filterIndexes: { after: 2, slowMs: 0, onIndex: (e) => events.push(e), ...o } }) as RecordStore & {
        filterIndexes: FilterIndexer;
      };
    const events: { table: string; column: string; error?: unknown }[] = [];
    const learned = async (table = item.tableName) =>
      [...(await tableIndexes(db, d, table))].filter((n) => n.startsWith(FILTER_INDEX_PREFIX));

    beforeAll(async () => {
      const e = await engine.open();
      ({ db, d } = e);
      close = e.close;
      item = itemModel(e.prefix);
      await migrateModelTables(db, d, [item]);
      const at = new Date(0).toISOString();
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        id: `i${String(i).padStart(5, '0')}`,
        ...{ category: `c${i % 30}`, name: `name ${i % 500}`, n: i, note: `note ${i}`, createdAt: at, updatedAt: at },
      }));
      for (let i = 0; i < ROWS; i += 500)
        await db
          .insertInto(item.tableName)
          .values(rows.slice(i, i + 500))
          .execute();
      if (d.engine === 'postgres') await sql`analyze ${sql.id(item.tableName)}`.execute(db);
    }, 120_000);
    afterAll(() => close?.());

    /** Every page of a filtered list, following the cursor, with a small limit. */
    async function allPages(store: RecordStore, filter: FilterInput): Promise<{ pages: Row[][]; more: boolean[] }> {
      const pages: Row[][] = [];
      const more: boolean[] = [];
      let after: Row | undefined;
      for (;;) {
        const q: ListQuery = { filter, limit: 2, after };
        const { rows, hasMore } = await store.list(item, q);
        pages.push(rows);
        more.push(hasMore);
        const last = rows.at(-1);
        if (!hasMore || !last) return { pages, more };
        after = { id: last.id };
      }
    }

    it('after two slow lists on a field, the field gets an index, and every page stays the same', async () => {
      const store = storeWith();
      const filter = { name: { eq: 'name 7' } };
      const before = await allPages(store, filter);
      expect(before.pages.flat().map((r) => r.id)).toEqual(
        Array.from({ length: ROWS / 500 }, (_, k) => `i${String(7 + 500 * k).padStart(5, '0')}`),
      );
      await store.filterIndexes.idle();
      const names = await learned();
      expect(names).toEqual([`${FILTER_INDEX_PREFIX}${item.tableName}_name`]);
      expect(await allPages(store, filter)).toEqual(before);
      // a range over the same field and an owner-style or read the same rows as a full scan would
      const range = { name: { between: ['name 10', 'name 11'] }, n: { lt: 1000 } };
      const scan = createSqlRecordStore(db, d, { filterIndexes: false });
      expect(await allPages(store, range)).toEqual(await allPages(scan, { ...range, note: { ne: 'x' } }));
    });

    it('the learned index is the plan for an equality filter, in list order', async () => {
      const { sql: text, parameters } = await capturedList({ filter: { name: { eq: 'name 9' } }, limit: 100 });
      const plan = await explain(text, parameters);
      expect(plan).toContain(`${FILTER_INDEX_PREFIX}${item.tableName}_name`);
    });

    it('fast lists, filters no index serves, and fields an index already leads with learn nothing', async () => {
      const table = `${item.tableName}`;
      const before = await learned(table);
      const slowOnly = storeWith({ slowMs: 60_000 });
      for (let i = 0; i < 3; i++) await slowOnly.list(item, { filter: { note: { eq: 'note 5' } }, limit: 10 });
      const store = storeWith();
      const filters: FilterInput[] = [
        { note: { ne: 'note 5' } },
        { note: { contains: '5' } },
        { note: { beginsWith: 'note 5' } },
        { not: { note: { eq: 'note 5' } } },
        { or: [{ note: { eq: 'note 5' } }, { n: { eq: 5 } }] },
        { category: { eq: 'c5' }, note: { eq: 'note 5' } },
      ];
      for (const filter of filters) for (let i = 0; i < 3; i++) await store.list(item, { filter, limit: 10 });
      // a key query uses its own index
      for (let i = 0; i < 3; i++)
        await store.list(item, { keyCondition: { partition: { category: 'c1' }, sortKeys: [] }, filter: { note: { eq: 'x' } }, limit: 5 });
      await slowOnly.filterIndexes.idle();
      await store.filterIndexes.idle();
      expect(await learned(table)).toEqual(before);
    });

    it('at most perTable learned indexes per table', async () => {
      const store = storeWith({ perTable: 2, after: 1 });
      for (const f of ['n', 'note'] as const) await store.list(item, { filter: { [f]: { eq: f === 'n' ? 1 : 'x' } }, limit: 1 });
      await store.filterIndexes.idle();
      expect((await learned()).sort()).toEqual([
        `${FILTER_INDEX_PREFIX}${item.tableName}_n`,
        `${FILTER_INDEX_PREFIX}${item.tableName}_name`,
      ]);
    });

    it('a migration keeps learned indexes; changing or pruning an indexed column still works', async () => {
      await migrateModelTables(db, d, [item]);
      expect(await learned()).toHaveLength(2);
      // n: Int → String rebuilds the column on SQLite, which refuses while an index names it
      const changed = {
        ...item,
        fields: item.fields.map((f) => (f.name === 'n' ? { ...f, type: { kind: 'scalar' as const, name: 'String' as const } } : f)),
      };
      await migrateModelTables(db, d, [changed]);
      const withoutName = { ...changed, fields: changed.fields.filter((f) => f.name !== 'name') };
      await migrateModelTables(db, d, [withoutName]);
      expect(await pruneKeptColumns(db, d, [withoutName])).toEqual([`${item.tableName}.name`]);
      expect(await learned()).not.toContain(`${FILTER_INDEX_PREFIX}${item.tableName}_name`);
      const store = createSqlRecordStore(db, d, { filterIndexes: false });
      expect((await store.list(withoutName, { filter: { n: { eq: '1' } }, limit: 5 })).rows.map((r) => r.id)).toEqual(['i00001']);
    });

    it('two instances learning the same field at once make one index, and both go on answering', async () => {
      const other = itemModel(`${item.tableName}_2`);
      await migrateModelTables(db, d, [other]);
      const a = storeWith({ after: 1 });
      const b = storeWith({ after: 1 });
      await a.insert(other, { id: 'x1', category: 'c', name: 'same', n: 1 });
      events.length = 0;
      await Promise.all([
        a.list(other, { filter: { name: { eq: 'same' } }, limit: 5 }),
        b.list(other, { filter: { name: { eq: 'same' } }, limit: 5 }),
      ]);
      await Promise.all([a.filterIndexes.idle(), b.filterIndexes.idle()]);
      expect(await learned(other.tableName)).toEqual([`${FILTER_INDEX_PREFIX}${other.tableName}_name`]);
      // one built it; the other found it made, or (PostgreSQL) found the build taken and backed off: no error
      expect(events.filter((e) => !e.error).length).toBeGreaterThanOrEqual(1);
      expect(events.filter((e) => e.error)).toEqual([]);
      expect((await b.list(other, { filter: { name: { eq: 'same' } }, limit: 5 })).rows.map((r) => r.id)).toEqual(['x1']);
    });

    it('an index a schema change dropped is learned again once the store forgets what it read', async () => {
      const other = itemModel(`${item.tableName}_3`);
      await migrateModelTables(db, d, [other]);
      const store = storeWith({ after: 1 });
      const list = () => store.list(other, { filter: { note: { eq: 'x' } }, limit: 5 });
      await list();
      await store.filterIndexes.idle();
      expect(await learned(other.tableName)).toHaveLength(1);
      await dropFilterIndexes(db, d, other.tableName);
      await list();
      await store.filterIndexes.idle();
      expect(await learned(other.tableName)).toHaveLength(0);
      store.filterIndexes.forget();
      await list();
      await store.filterIndexes.idle();
      expect(await learned(other.tableName)).toEqual([`${FILTER_INDEX_PREFIX}${other.tableName}_note`]);
    });

    /** The select a list sends, compiled as the store compiles it. */
    async function capturedList(q: ListQuery): Promise<CompiledQuery> {
      let seen: CompiledQuery | undefined;
      const spy = db.withPlugin({
        transformQuery: (args) => {
          if (args.node.kind === 'SelectQueryNode') seen = db.getExecutor().compileQuery(args.node, args.queryId);
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await createSqlRecordStore(spy, d, { filterIndexes: false }).list(item, q);
      if (!seen) throw new Error('no select was sent');
      return seen;
    }

    async function explain(text: string, parameters: readonly unknown[]): Promise<string> {
      const prefix = d.engine === 'sqlite' ? 'explain query plan ' : 'explain (format json) ';
      const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(prefix + text, [...parameters]));
      return JSON.stringify(rows);
    }
  });
});
