import { type Kysely, sql } from 'kysely';
import type { OAuthCodeStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

/** Authorization codes of the OAuth endpoints: a row per code until it is redeemed or pruned. */
export async function createOAuthCodeTables(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('hearth_oauth_codes')
    .ifNotExists()
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('expires_at', sql.raw(dialect.columnTypes.bigint), (c) => c.notNull())
    .execute();
}

export function createSqlOAuthCodeStore(db: Kysely<any>, dialect: SqlDialect): OAuthCodeStore {
  return {
    async put(r) {
      await db
        .insertInto('hearth_oauth_codes')
        .values({ code_hash: r.codeHash, payload: r.payload, expires_at: r.expiresAt })
        .onConflict((oc) => oc.column('code_hash').doNothing())
        .execute();
    },
    async take(codeHash) {
      // DELETE … RETURNING (SQLite 3.35+, PostgreSQL): the row goes to exactly one redeemer
      const row = await db.deleteFrom('hearth_oauth_codes').where('code_hash', '=', codeHash).returningAll().executeTakeFirst();
      if (!row) return undefined;
      return { codeHash, payload: String(row.payload), expiresAt: dialect.decodeBigint(row.expires_at) };
    },
    async get(codeHash) {
      const row = await db.selectFrom('hearth_oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return row && { codeHash, payload: String(row.payload), expiresAt: dialect.decodeBigint(row.expires_at) };
    },
    async prune(now) {
      await db.deleteFrom('hearth_oauth_codes').where('expires_at', '<', now).execute();
    },
  };
}
