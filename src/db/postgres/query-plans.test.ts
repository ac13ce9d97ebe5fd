import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { createPgSchema, pgUrl } from '../../../test/support/pg-schema.js';
import type { ModelIR } from '../../ir/types.js';
import type { ListQuery, Row } from '../ports.js';
import { migrateModelTables } from '../sql/model-tables.js';
import { createSqlRecordStore } from '../sql/record-store.js';
import { indexSpecs } from '../sql/secondary-indexes.js';
import { postgresDialect } from './dialect.js';

/**
 * The plans PostgreSQL chooses for the SQL the record store sends when an index can serve it: on
 * a table large enough (and ANALYZEd) that a sequential scan would lose, each query must read
 * through the index Hearth created for it, not scan the table.
 */
const skip = pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set';
const ITEMS = 20_000;
const CATEGORIES = 200;

const item: ModelIR = {
  ...model('Item', [
    field('sku', 'String', { required: true }),
    field('category', 'String', { required: true }),
    field('price', 'Float', { required: true }),
    field('name'),
  ]),
  secondaryIndexes: [
    { name: 'itemsByCategoryAndPrice', queryField: 'listItemByCategoryAndPrice', partitionKey: 'category', sortKeys: ['price'] },
  ],
};
const review = model('Review', [
  field('itemId', 'ID', { required: true }),
  field('item', { kind: 'model', name: 'Item' }, { association: { connectionType: 'BELONGS_TO', references: ['itemId'] } }),
  field('stars', 'Int', { required: true }),
]);

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Scan Direction'?: string;
  Plans?: PlanNode[];
}

function nodes(p: PlanNode): PlanNode[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)];
}

const indexOf = (m: ModelIR, i: number) => indexSpecs(m, [item, review])[i]?.name as string;

describe.skipIf(Boolean(skip))(`PostgreSQL query plans of indexed reads${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let schema: Awaited<ReturnType<typeof createPgSchema>>;
  let db: Kysely<any>;
  const sent: CompiledQuery[] = [];

  beforeAll(async () => {
    schema = await createPgSchema(pgUrl as string);
    db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 2 }) }),
      log: (e) => {
        if (e.level === 'query') sent.push(e.query);
      },
    });
    await migrateModelTables(db, postgresDialect, [item, review]);
    await sql`insert into "Item" (id, sku, category, price, name, "createdAt", "updatedAt")
      select 'item-' || i, 'sku-' || i, 'c' || (i % ${CATEGORIES}), ((i * 7919) % 10000) / 100.0, 'item ' || i, now()::text, now()::text
      from generate_series(0, ${ITEMS - 1}) as i`.execute(db);
    await sql`insert into "Review" (id, "itemId", stars, "createdAt", "updatedAt")
      select 'r-' || i, 'item-' || (i % ${ITEMS}), 1 + i % 5, now()::text, now()::text
      from generate_series(0, ${ITEMS - 1}) as i`.execute(db);
    await sql`analyze "Item"`.execute(db);
    await sql`analyze "Review"`.execute(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  /** Runs the list through the record store, then EXPLAINs the very statement it sent. */
  async function planOf(m: ModelIR, q: ListQuery) {
    const store = createSqlRecordStore(db, postgresDialect, { filterIndexes: false });
    sent.length = 0;
    const page = await store.list(m, q);
    const query = sent.find((s) => s.sql.startsWith(`select * from "${m.tableName}"`));
    if (!query) throw new Error('the record store sent no select');
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
    );
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode;
    return { page, all: nodes(plan) };
  }

  const indexScans = (all: PlanNode[]) =>
    all.filter((n) => ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'].includes(n['Node Type']));

  it('a secondary-index query with a sort-key range, highest first, walks its index backwards (no sort)', async () => {
    const query: ListQuery = {
      keyCondition: {
        partition: { category: 'c42' },
        sortKeys: ['price'],
        range: { op: 'between', bounds: [{ price: 10 }, { price: 60 }] },
      },
      sortDirection: 'DESC',
      limit: 10,
    };
    const { page, all } = await planOf(item, query);
    const prices = page.rows.map((r) => r.price as number);
    expect(prices.length).toBe(10);
    expect(prices.every((p, i) => p >= 10 && p <= 60 && (i === 0 || p <= (prices[i - 1] as number)))).toBe(true);
    expect(all.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
    const scan = indexScans(all).find((n) => n['Index Name'] === indexOf(item, 0));
    expect(scan, JSON.stringify(all)).toMatchObject({ 'Node Type': 'Index Scan', 'Scan Direction': 'Backward' });
    // the next page (keyset: rows after the last one) seeks the index from the cursor
    const last = page.rows.at(-1) as Row;
    const next = await planOf(item, { ...query, after: { price: last.price, id: last.id } });
    expect(next.page.rows.length).toBeGreaterThan(0);
    expect(next.page.rows.every((r) => (r.price as number) <= (last.price as number) && r.id !== last.id)).toBe(true);
    expect(next.all.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
    expect(indexScans(next.all).find((n) => n['Index Name'] === indexOf(item, 0))).toMatchObject({ 'Scan Direction': 'Backward' });
  });

  it('the same query in ascending order walks the index forwards, with no sort step', async () => {
    const { page, all } = await planOf(item, {
      keyCondition: { partition: { category: 'c7' }, sortKeys: ['price'], range: { op: 'ge', bounds: [{ price: 50 }] } },
      limit: 20,
    });
    expect(page.rows.length).toBe(20);
    expect(all.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
    expect(indexScans(all).find((n) => n['Index Name'] === indexOf(item, 0))).toMatchObject({ 'Scan Direction': 'Forward' });
  });

  it('a list filtered by equality on an indexed field reads through that index', async () => {
    const { page, all } = await planOf(item, { filter: { category: { eq: 'c123' } }, limit: 100 });
    expect(page.rows.length).toBe(ITEMS / CATEGORIES);
    expect(page.rows.every((r) => r.category === 'c123')).toBe(true);
    expect(all.some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
    expect(indexScans(all).map((n) => n['Index Name'])).toContain(indexOf(item, 0));
  });

  it("a hasMany's read of the children by their reference field uses the reference index", async () => {
    const { page, all } = await planOf(review, { keyCondition: { partition: { itemId: 'item-7' }, sortKeys: [] }, limit: 20 });
    expect(page.rows.map((r) => r.itemId)).toEqual(['item-7']);
    expect(all.some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
    expect(indexScans(all).map((n) => n['Index Name'])).toContain(indexOf(review, 0));
  });

  it('a filter on a field no index covers is a sequential scan (the control: the table is large enough to matter)', async () => {
    const { page, all } = await planOf(item, { filter: { name: { eq: 'item 4321' } }, limit: 100 });
    expect(page.rows.map((r) => r.id)).toEqual(['item-4321']);
    expect(indexScans(all).some((n) => n['Index Name']?.startsWith('hx_'))).toBe(false);
  });
});
