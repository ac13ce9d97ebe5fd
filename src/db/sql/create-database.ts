import type { Kysely } from 'kysely';
import type { EnumIR, ModelIR } from '../../ir/types.js';
import type { Logger } from '../../util/logger.js';
import type { Database } from '../ports.js';
import { ensureCoreTables } from './core-tables.js';
import type { SqlDialect } from './dialect.js';
import type { FilterIndexOptions } from './filter-indexes.js';
import { createSqlIdentityStore } from './identity-store.js';
import { createSqlInvocationStore } from './invocation-store.js';
import { createSqlKeyStore } from './key-store.js';
import { type ClosableChangeFeed, createLocalListeners } from './local-change-feed.js';
import { createSqlMailStore } from './mail-store.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlOAuthCodeStore } from './oauth-code-store.js';
import { createSqlObjectStore } from './object-store.js';
import { pruneKeptColumns } from './prune-columns.js';
import { createSqlRateCounterStore } from './rate-counter-store.js';
import { createSqlRecordStore } from './record-store.js';
import { createSqlScheduleClaimStore } from './schedule-claim-store.js';
import { createSqlSignInHistory } from './sign-in-history.js';
import { createSqlStreamStore, streamingRecordStore } from './stream-store.js';
import { createSqlUserStore } from './user-store.js';
import { createSqlWebAuthnStore } from './webauthn-store.js';

/**
 * Composes the Kysely-backed stores over one connection and dialect. `changes` is the engine's
 * change feed (db/<engine>/change-feed.ts); without one, changes fan out in-process only.
 * `migrate` and `pruneColumns` run under the dialect's migration lock, so instances started
 * together on one PostgreSQL database change the schema one at a time.
 */
export function createSqlDatabase(
  db: Kysely<any>,
  dialect: SqlDialect,
  changes: ClosableChangeFeed = inProcessFeed(),
  o: { logger?: Logger } = {},
): Database {
  let internalReady: Promise<void> | undefined;
  // once per process; on PostgreSQL under the migration lock, on the lock's connection
  const ensureInternal = (conn: Kysely<any>) => {
    internalReady ??= ensureCoreTables(conn, dialect, changes);
    return internalReady;
  };
  // a schema change may drop learned indexes (filter-indexes.ts): the record store reads them again after
  const records = createSqlRecordStore(db, dialect, {
    filterIndexes: process.env.HEARTH_FILTER_INDEXES === 'off' ? false : { onIndex: (e) => logFilterIndex(o.logger, e) },
  });
  const locked = <T>(fn: (conn: Kysely<any>) => Promise<T>): Promise<T> =>
    (dialect.withMigrationLock ? dialect.withMigrationLock(db, fn) : fn(db)).finally(() => records.filterIndexes?.forget());
  return {
    engine: dialect.engine,
    db,
    users: createSqlUserStore(db, dialect),
    identities: createSqlIdentityStore(db, dialect),
    // writes to a model with a stream mapping also append its stream record (stream-store.ts)
    // HEARTH_FILTER_INDEXES=off: no learned indexes for often-filtered fields (filter-indexes.ts)
    records: streamingRecordStore(db, dialect, records),
    mail: createSqlMailStore(db),
    keys: createSqlKeyStore(db),
    oauthCodes: createSqlOAuthCodeStore(db, dialect),
    objects: createSqlObjectStore(db, dialect),
    invocations: createSqlInvocationStore(db, dialect),
    rateCounters: createSqlRateCounterStore(db, dialect),
    signIns: createSqlSignInHistory(db, dialect),
    webauthn: createSqlWebAuthnStore(db, dialect),
    scheduleClaims: createSqlScheduleClaimStore(db),
    streams: createSqlStreamStore(db, dialect),
    changes,
    migrate: (models: ModelIR[], o?: { enums?: EnumIR[] }) =>
      locked(async (conn) => {
        await ensureInternal(conn);
        return migrateModelTables(conn, dialect, models, o);
      }),
    pruneColumns: (models: ModelIR[]) => locked((conn) => pruneKeptColumns(conn, dialect, models)),
    async close() {
      await changes.close();
      await db.destroy();
    },
  };
}

/** A learned index changes the user's schema: say so, once, with how to turn it off. */
function logFilterIndex(logger: Logger | undefined, e: Parameters<NonNullable<FilterIndexOptions['onIndex']>>[0]): void {
  const where = `${e.table}.${e.column}`;
  if (e.error) logger?.warn(`could not index ${where} for the lists that filter on it: ${(e.error as Error).message ?? e.error}`);
  else logger?.info(`indexed ${where}: lists filter on it often (${Math.round(e.ms)} ms; HEARTH_FILTER_INDEXES=off turns this off)`);
}

function inProcessFeed(): ClosableChangeFeed {
  const local = createLocalListeners();
  return { publish: async (c) => local.deliver(c), subscribe: (l) => local.add(l), close: async () => {} };
}
