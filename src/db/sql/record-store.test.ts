import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { RecordStore } from '../ports.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';

describe.each(engines)('record store', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'SQL record store'), () => {
    let store: RecordStore;
    let todo: ModelIR;
    let post: ModelIR;
    let close: () => Promise<void>;
    let e: Awaited<ReturnType<Engine['open']>>;
    beforeAll(async () => {
      e = await engine.open();
      close = e.close;
      todo = model('Todo', [field('content'), field('done', 'Boolean'), field('meta', 'AWSJSON'), field('at', 'AWSTimestamp')], {
        tableName: `${e.prefix}todo`,
      });
      post = model('Post', [field('blogId', 'String', { required: true }), field('slug', 'String', { required: true }), field('title')], {
        tableName: `${e.prefix}post`,
        primaryKey: { partitionKey: 'blogId', sortKeys: ['slug'], isCustom: true },
      });
      await migrateModelTables(e.db, e.d, [todo, post]);
      store = createSqlRecordStore(e.db, e.d);
    });
    afterAll(() => close?.());

    it('round-trips booleans, JSON and 64-bit timestamps', async () => {
      const row = { id: 'r1', content: 'x', done: true, meta: { a: [1, 'b'] }, at: 1_700_000_000_123 };
      await store.insert(todo, row);
      expect(await store.get(todo, { id: 'r1' })).toMatchObject(row);
      expect(await store.get(todo, { id: 'missing' })).toBeUndefined();
    });

    it('a get answers the same rows straight on the connection (SQLite) as through Kysely', async () => {
      // a Kysely other than the connection's own always goes through Kysely's driver
      const viaKysely = createSqlRecordStore(e.db.withoutPlugins(), e.d);
      await store.insert(todo, { id: 'g1', content: 'x', done: false, meta: { n: null }, at: 1 });
      await store.insert(post, { blogId: 'A', slug: 's', title: 'T' });
      for (const [m, key] of [
        [todo, { id: 'g1' }],
        [todo, { id: 'absent' }],
        [post, { blogId: 'A', slug: 's' }],
        [post, { blogId: 'A', slug: 'other' }],
      ] as const) {
        expect(await store.get(m, key)).toEqual(await viaKysely.get(m, key));
      }
    });

    it("a get while another caller's transaction is open never sees its rows, even ones it rolls back", async () => {
      let started!: () => void;
      let release!: () => void;
      const inside = new Promise<void>((r) => (started = r));
      const gate = new Promise<void>((r) => (release = r));
      const tx = e.db.transaction().execute(async (t) => {
        await createSqlRecordStore(t, e.d).insert(todo, { id: 'tx1', content: 'never' });
        started();
        await gate;
        throw new Error('rolled back');
      });
      await inside;
      const read = store.get(todo, { id: 'tx1' });
      release();
      await expect(tx).rejects.toThrow('rolled back');
      expect(await read).toBeUndefined();
    });

    it('refuses a second insert with the same key', async () => {
      await store.insert(todo, { id: 'dup', content: 'one' });
      await expect(store.insert(todo, { id: 'dup', content: 'two' })).rejects.toMatchObject({ code: 'ConditionalCheckFailed' });
      expect((await store.get(todo, { id: 'dup' }))?.content).toBe('one');
    });

    it('updates only when the row exists and the condition holds', async () => {
      await store.insert(todo, { id: 'u1', content: 'old', done: false });
      await expect(store.update(todo, { id: 'u1' }, { content: 'new' }, { done: { eq: true } })).rejects.toMatchObject({
        code: 'ConditionalCheckFailed',
      });
      const updated = await store.update(todo, { id: 'u1' }, { content: 'new' }, { done: { eq: false } });
      expect(updated).toMatchObject({ id: 'u1', content: 'new', done: false });
      await expect(store.update(todo, { id: 'nope' }, { content: 'x' })).rejects.toMatchObject({ code: 'ConditionalCheckFailed' });
      expect(await store.update(todo, { id: 'u1' }, {})).toMatchObject({ content: 'new' });
    });

    it('deletes with a condition and returns the deleted row', async () => {
      await store.insert(todo, { id: 'd1', content: 'bye' });
      await expect(store.delete(todo, { id: 'd1' }, { content: { eq: 'other' } })).rejects.toMatchObject({
        code: 'ConditionalCheckFailed',
      });
      expect(await store.delete(todo, { id: 'd1' }, { content: { eq: 'bye' } })).toMatchObject({ id: 'd1' });
      expect(await store.get(todo, { id: 'd1' })).toBeUndefined();
    });

    it('pages through a composite key in order, both directions', async () => {
      for (const slug of ['c', 'a', 'e', 'b', 'd']) await store.insert(post, { blogId: 'B', slug, title: slug });
      await store.insert(post, { blogId: 'A', slug: 'z' });
      const seen: string[] = [];
      let after: Record<string, unknown> | undefined;
      for (;;) {
        const page = await store.list(post, { limit: 2, after, filter: { blogId: { eq: 'B' } } });
        seen.push(...page.rows.map((r) => String(r.slug)));
        if (!page.hasMore) break;
        after = page.rows.at(-1);
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
      const desc = await store.list(post, { limit: 3, sortDirection: 'DESC' });
      expect(desc.rows.map((r) => `${r.blogId}${r.slug}`)).toEqual(['Be', 'Bd', 'Bc']);
      expect(desc.hasMore).toBe(true);
    });

    it('ANDs the auth filter with the client filter', async () => {
      const { rows } = await store.list(todo, { limit: 50, filter: { content: { beginsWith: 'o' } }, authFilter: { id: { eq: 'dup' } } });
      expect(rows.map((r) => r.id)).toEqual(['dup']);
    });
  });
});
