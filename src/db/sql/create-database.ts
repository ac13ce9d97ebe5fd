import type { Kysely } from 'kysely';
import type { EnumIR, ModelIR } from '../../ir/types.js';
import type { Database } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { createIdentityTables, createSqlIdentityStore } from './identity-store.js';
import { createInvocationTables, createSqlInvocationStore } from './invocation-store.js';
import { createKeyTables, createSqlKeyStore } from './key-store.js';
import { type ClosableChangeFeed, createLocalListeners } from './local-change-feed.js';
import { createMailTables, createSqlMailStore } from './mail-store.js';
import { migrateModelTables } from './model-tables.js';
import { createObjectTables, createSqlObjectStore } from './object-store.js';
import { pruneKeptColumns } from './prune-columns.js';
import { createSqlRecordStore } from './record-store.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

/**
 * Composes the Kysely-backed stores over one connection and dialect. `changes` is the engine's
 * change feed (db/<engine>/change-feed.ts); without one, changes fan out in-process only.
 */
export function createSqlDatabase(db: Kysely<any>, dialect: SqlDialect, changes: ClosableChangeFeed = inProcessFeed()): Database {
  let internalReady: Promise<void> | undefined;
  const ensureInternal = () => {
    internalReady ??= (async () => {
      await createKeyTables(db);
      await createMailTables(db, dialect);
      await createUserTables(db, dialect);
      await createIdentityTables(db, dialect);
      await createObjectTables(db, dialect);
      await createInvocationTables(db, dialect);
    })();
    return internalReady;
  };
  return {
    engine: dialect.engine,
    db,
    users: createSqlUserStore(db, dialect),
    identities: createSqlIdentityStore(db, dialect),
    records: createSqlRecordStore(db, dialect),
    mail: createSqlMailStore(db),
    keys: createSqlKeyStore(db),
    objects: createSqlObjectStore(db, dialect),
    invocations: createSqlInvocationStore(db, dialect),
    changes,
    async migrate(models: ModelIR[], o?: { enums?: EnumIR[] }) {
      await ensureInternal();
      return migrateModelTables(db, dialect, models, o);
    },
    pruneColumns: (models: ModelIR[]) => pruneKeptColumns(db, dialect, models),
    async close() {
      await changes.close();
      await db.destroy();
    },
  };
}

function inProcessFeed(): ClosableChangeFeed {
  const local = createLocalListeners();
  return { publish: async (c) => local.deliver(c), subscribe: (l) => local.add(l), close: async () => {} };
}
