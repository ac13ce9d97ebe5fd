import type { Kysely } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import type { Storage } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { createIdentityTables, createSqlIdentityStore } from './identity-store.js';
import { createKeyTables, createSqlKeyStore } from './key-store.js';
import { createMailTables, createSqlMailStore } from './mail-store.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

/** Composes the Kysely-backed stores over one connection and dialect. */
export function createSqlStorage(db: Kysely<any>, dialect: SqlDialect): Storage {
  let internalReady: Promise<void> | undefined;
  const ensureInternal = () => {
    internalReady ??= (async () => {
      await createKeyTables(db);
      await createMailTables(db, dialect);
      await createUserTables(db, dialect);
      await createIdentityTables(db, dialect);
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
    async migrate(models: ModelIR[]) {
      await ensureInternal();
      return migrateModelTables(db, dialect, models);
    },
    close: () => db.destroy(),
  };
}
