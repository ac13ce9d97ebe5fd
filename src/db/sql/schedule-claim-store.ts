/**
 * Which minute each function schedule last fired in, in `hearth_schedule_runs`: one row per
 * schedule. Every instance on the database ticks, and a conditional write lets exactly one of them
 * take a minute, so a scheduled function runs once per firing however many instances run.
 */
import { type Kysely, sql } from 'kysely';
import type { ScheduleClaimStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

const TABLE = 'hearth_schedule_runs';

export async function createScheduleTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('schedule', 'text', (c) => c.primaryKey())
    .addColumn('last_minute', sql.raw(d.columnTypes.bigint), (c) => c.notNull())
    .execute();
}

export function createSqlScheduleClaimStore(db: Kysely<any>): ScheduleClaimStore {
  return {
    async claim(schedule, minute) {
      const inserted = await db
        .insertInto(TABLE)
        .values({ schedule, last_minute: minute })
        .onConflict((oc) => oc.column('schedule').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      const updated = await db
        .updateTable(TABLE)
        .set({ last_minute: minute })
        .where('schedule', '=', schedule)
        .where('last_minute', '<', minute)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
  };
}
