import type { Kysely } from 'kysely';
import type { SqlDialect } from './dialect.js';
import { createIdentityTables } from './identity-store.js';
import { createInvocationTables } from './invocation-store.js';
import { createKeyTables, createSqlKeyStore } from './key-store.js';
import type { ClosableChangeFeed } from './local-change-feed.js';
import { createMailTables } from './mail-store.js';
import { createOAuthCodeTables } from './oauth-code-store.js';
import { createObjectTables } from './object-store.js';
import { createRateCounterTables } from './rate-counter-store.js';
import { createScheduleTables } from './schedule-claim-store.js';
import { createSignInHistoryTables } from './sign-in-history.js';
import { createStreamTables } from './stream-store.js';
import { createUserTables } from './user-store.js';
import { createWebAuthnTables } from './webauthn-store.js';

/**
 * The version of what the create*Tables functions below make. Bump it with any change to them:
 * a database stamped with this version skips them on start. core-tables.test.ts pins the SQLite
 * schema they make to this number, so a change without a bump fails there.
 */
export const CORE_SCHEMA_VERSION = 1;

/** the hearth_keys row holding the version the database's core tables were made by */
const STAMP = 'hearth.core-schema';

/**
 * Makes Hearth's own tables (users, keys, mail, …), or upgrades those an older version made, in
 * one transaction: on a fresh PostgreSQL database one commit instead of one per statement. A
 * database already stamped with this version is left alone after one query; each statement
 * below is cheap, but on PostgreSQL each is a round trip, and there are about fifty.
 */
export async function ensureCoreTables(db: Kysely<any>, d: SqlDialect, changes: Pick<ClosableChangeFeed, 'createTables'>): Promise<void> {
  if ((await stampedVersion(db)) === String(CORE_SCHEMA_VERSION)) return;
  await db.transaction().execute(async (trx) => {
    await createKeyTables(trx);
    await createOAuthCodeTables(trx, d);
    await createMailTables(trx, d);
    await createUserTables(trx, d);
    await createIdentityTables(trx, d);
    await createObjectTables(trx, d);
    await createInvocationTables(trx, d);
    await createRateCounterTables(trx, d);
    await createSignInHistoryTables(trx, d);
    await createWebAuthnTables(trx, d);
    await createScheduleTables(trx, d);
    await createStreamTables(trx, d);
    await changes.createTables?.(trx);
    await createSqlKeyStore(trx).put(STAMP, String(CORE_SCHEMA_VERSION));
  });
}

/** undefined on a fresh database (no hearth_keys yet: the failed read is outside any transaction) */
async function stampedVersion(db: Kysely<any>): Promise<string | undefined> {
  try {
    return await createSqlKeyStore(db).get(STAMP);
  } catch {
    return undefined;
  }
}
