import { type Kysely, sql } from 'kysely';
import type { WebAuthnCredentialRecord, WebAuthnStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

const TABLE = 'hearth_webauthn_credentials';

/** Passkeys: one row per credential id (unique across the pool, as authenticators make them). */
export async function createWebAuthnTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', sql.raw(d.columnTypes.bigint), (c) => c.notNull())
    .addColumn('transports', sql.raw(d.columnTypes.json), (c) => c.notNull())
    .addColumn('relying_party_id', 'text', (c) => c.notNull())
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('authenticator_attachment', 'text')
    .addColumn('created_at', sql.raw(d.columnTypes.bigint), (c) => c.notNull())
    .execute();
  await db.schema.createIndex(`${TABLE}_sub`).ifNotExists().on(TABLE).column('sub').execute();
}

function decode(d: SqlDialect, r: Record<string, any>): WebAuthnCredentialRecord {
  return {
    credentialId: r.credential_id,
    sub: r.sub,
    publicKey: r.public_key,
    counter: d.decodeBigint(r.counter),
    transports: d.decodeJson(r.transports) as string[],
    relyingPartyId: r.relying_party_id,
    friendlyName: r.friendly_name,
    ...(r.authenticator_attachment ? { authenticatorAttachment: r.authenticator_attachment as string } : {}),
    createdAt: d.decodeBigint(r.created_at),
  };
}

export function createSqlWebAuthnStore(db: Kysely<any>, d: SqlDialect): WebAuthnStore {
  return {
    async add(r) {
      const inserted = await db
        .insertInto(TABLE)
        .values({
          credential_id: r.credentialId,
          sub: r.sub,
          public_key: r.publicKey,
          counter: r.counter,
          transports: d.encodeJson(r.transports),
          relying_party_id: r.relyingPartyId,
          friendly_name: r.friendlyName,
          authenticator_attachment: r.authenticatorAttachment ?? null,
          created_at: r.createdAt,
        })
        // two users racing to register one authenticator's credential: the second is refused
        .onConflict((oc) => oc.column('credential_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async bySub(sub) {
      const rows = await db.selectFrom(TABLE).selectAll().where('sub', '=', sub).orderBy('created_at').orderBy('credential_id').execute();
      return rows.map((r) => decode(d, r));
    },
    async byId(credentialId) {
      const r = await db.selectFrom(TABLE).selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return r ? decode(d, r) : undefined;
    },
    async updateCounter(credentialId, from, to) {
      const r = await db
        .updateTable(TABLE)
        .set({ counter: to })
        .where('credential_id', '=', credentialId)
        .where('counter', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(sub, credentialId) {
      const r = await db.deleteFrom(TABLE).where('credential_id', '=', credentialId).where('sub', '=', sub).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async deleteAllOf(sub) {
      await db.deleteFrom(TABLE).where('sub', '=', sub).execute();
    },
  };
}
