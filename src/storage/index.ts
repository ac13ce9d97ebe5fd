/** Storage: the ports and the two adapters. `openStorage` picks the engine from a URL. */

import type { Storage } from './ports.js';
import { connectPostgres } from './postgres/connect.js';
import { postgresDialect } from './postgres/dialect.js';
import { createSqlStorage } from './sql/create-storage.js';
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
    return createSqlStorage(await connectPostgres(o.databaseUrl), postgresDialect);
  }
  return createSqlStorage(connectSqlite(o.sqliteFile), sqliteDialect);
}
