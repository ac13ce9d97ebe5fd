/** Storage: the ports and the two adapters. `openStorage` picks the engine from a URL. */

import type { Storage } from './ports.js';
import { createPostgresChangeFeed } from './postgres/change-feed.js';
import { connectPostgres } from './postgres/connect.js';
import { postgresDialect } from './postgres/dialect.js';
import { createSqlStorage } from './sql/create-storage.js';
import { createSqliteChangeFeed } from './sqlite/change-feed.js';
import { connectSqlite } from './sqlite/connect.js';
import { sqliteDialect } from './sqlite/dialect.js';

export type * from './ports.js';

export interface OpenStorageOptions {
  /** postgres://… for PostgreSQL; otherwise `sqliteFile` is used */
  databaseUrl?: string;
  sqliteFile: string;
}

export async function openStorage(o: OpenStorageOptions): Promise<Storage> {
  if (o.databaseUrl && /^postgres(ql)?:\/\//.test(o.databaseUrl)) {
    const db = await connectPostgres(o.databaseUrl);
    try {
      return createSqlStorage(db, postgresDialect, await createPostgresChangeFeed({ url: o.databaseUrl, db }));
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }
  return createSqlStorage(connectSqlite(o.sqliteFile), sqliteDialect, createSqliteChangeFeed());
}
