import { type Kysely, sql } from 'kysely';
import type { IdentityRecord, IdentityStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

/** Identity pool table: one row per identity id; an authenticated identity carries its user's sub. */
export async function createIdentityTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  await db.schema
    .createTable('hearth_identities')
    .ifNotExists()
    .addColumn('identity_id', 'text', (c) => c.primaryKey())
    // unique: one identity per user, so two racing GetId calls cannot both create one
    .addColumn('sub', 'text', (c) => c.unique())
    .addColumn('created_at', sql.raw(d.columnTypes.bigint), (c) => c.notNull())
    .execute();
}

function decodeIdentity(d: SqlDialect, r: Record<string, any>): IdentityRecord {
  return {
    identityId: r.identity_id,
    ...(r.sub ? { sub: r.sub as string } : {}),
    createdAt: d.decodeBigint(r.created_at),
  };
}

export function createSqlIdentityStore(db: Kysely<any>, d: SqlDialect): IdentityStore {
  return {
    async create(r) {
      await db
        .insertInto('hearth_identities')
        .values({ identity_id: r.identityId, sub: r.sub ?? null, created_at: r.createdAt })
        .execute();
    },
    async byId(identityId) {
      const r = await db.selectFrom('hearth_identities').selectAll().where('identity_id', '=', identityId).executeTakeFirst();
      return r ? decodeIdentity(d, r) : undefined;
    },
    async bySub(sub) {
      const r = await db.selectFrom('hearth_identities').selectAll().where('sub', '=', sub).executeTakeFirst();
      return r ? decodeIdentity(d, r) : undefined;
    },
    async linkSub(identityId, sub) {
      await db.updateTable('hearth_identities').set({ sub }).where('identity_id', '=', identityId).execute();
    },
  };
}
