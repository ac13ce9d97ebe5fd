/**
 * Shared rate-limit counters (auth/rate-limits-shared.ts): one row per key and fixed window, so every
 * instance on the database counts against one quota. Instances send their increments in batches;
 * one upsert adds them and answers each key's total across instances.
 */
import { type Kysely, sql } from 'kysely';
import type { RateCounterStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

const TABLE = 'hearth_rate_counters';

export async function createRateCounterTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const big = sql.raw(d.columnTypes.bigint);
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', big, (c) => c.notNull())
    .addColumn('count', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint(`${TABLE}_pk`, ['key', 'window_start'])
    .execute();
  await db.schema.createIndex(`${TABLE}_expires`).ifNotExists().on(TABLE).column('expires_at').execute();
}

export function createSqlRateCounterStore(db: Kysely<any>, d: SqlDialect): RateCounterStore {
  return {
    async add(counts) {
      if (counts.length === 0) return [];
      // keys in a fixed order: two instances' batches lock rows in the same order (no deadlock)
      const sorted = [...counts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart));
      const rows = await db
        .insertInto(TABLE)
        .values(sorted.map((c) => ({ key: c.key, window_start: c.windowStart, count: c.add, expires_at: c.expiresAt })))
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ count: sql`${sql.ref(`${TABLE}.count`)} + excluded.count` }))
        .returning(['key', 'window_start', 'count'])
        .execute();
      return rows.map((r) => ({ key: r.key as string, windowStart: d.decodeBigint(r.window_start), total: d.decodeBigint(r.count) }));
    },
    async prune(now) {
      await db.deleteFrom(TABLE).where('expires_at', '<', now).execute();
    },
  };
}
