import type { Kysely } from 'kysely';
import type { KeyStore, SettingStore } from '../ports.js';

/** Server keys (token signing key, credential key) shared by every instance on one database. */
export async function createKeyTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hearth_keys')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export function createSqlKeyStore(db: Kysely<any>): KeyStore & SettingStore {
  return {
    async getOrCreate(name, make) {
      const existing = await db.selectFrom('hearth_keys').select('value').where('name', '=', name).executeTakeFirst();
      if (existing) return existing.value as string;
      // two instances may race on first start: insert-if-absent, then read whichever won
      await db
        .insertInto('hearth_keys')
        .values({ name, value: await make() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db.selectFrom('hearth_keys').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return row.value as string;
    },
    async get(name) {
      const row = await db.selectFrom('hearth_keys').select('value').where('name', '=', name).executeTakeFirst();
      return row?.value as string | undefined;
    },
    async put(name, value) {
      await db
        .insertInto('hearth_keys')
        .values({ name, value })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
        .execute();
    },
  };
}
