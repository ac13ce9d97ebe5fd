import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { KeyCondition, ListQuery, RecordStore, Row } from '../ports.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';

describe.each(engines)('key-condition queries', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'record store key conditions'), () => {
    let store: RecordStore;
    let post: ModelIR;
    let reading: ModelIR;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const e = await engine.open();
      close = e.close;
      post = model('Post', [field('status'), field('createdAt2', 'AWSDateTime'), field('title')], { tableName: `${e.prefix}kpost` });
      reading = model(
        'Reading',
        [
          field('device', 'String', { required: true }),
          field('year', 'Int', { required: true }),
          field('ts', 'String', { required: true }),
        ],
        { tableName: `${e.prefix}kreading`, primaryKey: { partitionKey: 'device', sortKeys: ['year', 'ts'], isCustom: true } },
      );
      await migrateModelTables(e.db, e.d, [post, reading]);
      store = createSqlRecordStore(e.db, e.d);
      const posts: [string, string, string | null][] = [
        ['p1', 'PUB', '2025-01-03'],
        ['p2', 'PUB', '2025-01-01'],
        ['p3', 'DRAFT', '2025-01-02'],
        ['p4', 'PUB', '2025-01-02'],
        ['p5', 'PUB', null],
        ['p6', 'PUB', '2025-01-02'],
      ];
      for (const [id, status, at] of posts) await store.insert(post, { id, status, createdAt2: at, title: id });
      // 9 and 10 order as numbers, not as the strings "10" < "9"
      for (const [year, ts] of [
        [2024, 'b'],
        [9, 'a'],
        [10, 'a'],
        [2024, 'a'],
        [2025, 'a'],
      ] as const)
        await store.insert(reading, { device: 'd1', year, ts });
      await store.insert(reading, { device: 'd2', year: 2024, ts: 'a' });
    });
    afterAll(() => close?.());

    const byStatus = (range?: KeyCondition['range']): KeyCondition => ({ partition: { status: 'PUB' }, sortKeys: ['createdAt2'], range });
    const ids = async (m: ModelIR, q: Omit<ListQuery, 'limit'>, limit = 50) => (await store.list(m, { limit, ...q })).rows.map((r) => r.id);
    const keys = async (q: Omit<ListQuery, 'limit'>) =>
      (await store.list(reading, { limit: 50, ...q })).rows.map((r) => `${r.year}/${r.ts}`);

    it('orders an index query by the sort key then the primary key, leaving out rows without the sort key', async () => {
      expect(await ids(post, { keyCondition: byStatus() })).toEqual(['p2', 'p4', 'p6', 'p1']);
      expect(await ids(post, { keyCondition: byStatus(), sortDirection: 'DESC' })).toEqual(['p1', 'p6', 'p4', 'p2']);
    });

    it.each([
      ['eq', [{ createdAt2: '2025-01-02' }], ['p4', 'p6']],
      ['lt', [{ createdAt2: '2025-01-02' }], ['p2']],
      ['le', [{ createdAt2: '2025-01-02' }], ['p2', 'p4', 'p6']],
      ['gt', [{ createdAt2: '2025-01-02' }], ['p1']],
      ['ge', [{ createdAt2: '2025-01-02' }], ['p4', 'p6', 'p1']],
      ['between', [{ createdAt2: '2025-01-01' }, { createdAt2: '2025-01-02' }], ['p2', 'p4', 'p6']],
      ['beginsWith', [{ createdAt2: '2025-01-0' }], ['p2', 'p4', 'p6', 'p1']],
    ] as const)('applies %s on a single sort key', async (op, bounds, expected) => {
      expect(await ids(post, { keyCondition: byStatus({ op, bounds: [...bounds] as Row[] }) })).toEqual(expected);
    });

    it('pages an index query with a cursor over sort key and primary key, in both directions', async () => {
      for (const dir of ['ASC', 'DESC'] as const) {
        const seen: unknown[] = [];
        let after: Row | undefined;
        for (;;) {
          const page = await store.list(post, { limit: 2, keyCondition: byStatus(), sortDirection: dir, after });
          seen.push(...page.rows.map((r) => r.id));
          if (!page.hasMore) break;
          after = page.rows.at(-1);
        }
        const asc = ['p2', 'p4', 'p6', 'p1'];
        expect(seen).toEqual(dir === 'ASC' ? asc : [...asc].reverse());
      }
    });

    it('compares composite sort keys as typed tuples', async () => {
      const kc = (range?: KeyCondition['range']): KeyCondition => ({ partition: { device: 'd1' }, sortKeys: ['year', 'ts'], range });
      expect(await keys({ keyCondition: kc() })).toEqual(['9/a', '10/a', '2024/a', '2024/b', '2025/a']);
      expect(await keys({ keyCondition: kc({ op: 'eq', bounds: [{ year: 2024, ts: 'b' }] }) })).toEqual(['2024/b']);
      expect(await keys({ keyCondition: kc({ op: 'eq', bounds: [{ year: 2024 }] }) })).toEqual(['2024/a', '2024/b']);
      expect(await keys({ keyCondition: kc({ op: 'gt', bounds: [{ year: 2024, ts: 'a' }] }) })).toEqual(['2024/b', '2025/a']);
      expect(await keys({ keyCondition: kc({ op: 'lt', bounds: [{ year: 2024 }] }) })).toEqual(['9/a', '10/a']);
      expect(await keys({ keyCondition: kc({ op: 'le', bounds: [{ year: 10, ts: 'a' }] }) })).toEqual(['9/a', '10/a']);
      expect(await keys({ keyCondition: kc({ op: 'ge', bounds: [{ year: 2024, ts: 'b' }] }) })).toEqual(['2024/b', '2025/a']);
      expect(
        await keys({ keyCondition: kc({ op: 'between', bounds: [{ year: 10 }, { year: 2024, ts: 'a' }] }), sortDirection: 'DESC' }),
      ).toEqual(['2024/a', '10/a']);
      expect(await keys({ keyCondition: kc({ op: 'beginsWith', bounds: [{ year: 2024, ts: 'b' }] }) })).toEqual(['2024/b']);
    });

    it('ANDs the key condition with the filter and the auth filter', async () => {
      const q = { keyCondition: byStatus({ op: 'ge', bounds: [{ createdAt2: '2025-01-02' }] }) };
      expect(await ids(post, { ...q, filter: { title: { ne: 'p1' } }, authFilter: { id: { ne: 'p4' } } })).toEqual(['p6']);
    });
  });
});
