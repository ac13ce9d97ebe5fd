/** Storage: the ports and the two adapters. `openDatabase` picks the engine from a URL. */

import { fileURLToPath } from 'node:url';
import type { Logger } from '../util/logger.js';
import type { Database } from './ports.js';
import { createPostgresChangeFeed } from './postgres/change-feed.js';
import { connectPostgres } from './postgres/connect.js';
import { postgresDialect } from './postgres/dialect.js';
import { createSqlDatabase } from './sql/create-database.js';
import { createSqliteChangeFeed } from './sqlite/change-feed.js';
import { connectSqlite } from './sqlite/connect.js';
import { sqliteDialect } from './sqlite/dialect.js';

export type * from './ports.js';

export interface OpenDatabaseOptions {
  /** postgres://… for PostgreSQL, file:<path> for another SQLite file; otherwise `sqliteFile` is used */
  databaseUrl?: string;
  sqliteFile: string;
  /**
   * SQLite's `synchronous`: FULL (default) makes an answered write survive a power cut; NORMAL only
   * a process crash, at a fraction of the commit cost (the sandbox's choice). See README.md.
   */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** where the storage says what it did on its own (a learned filter index) */
  logger?: Logger;
}

export async function openDatabase(o: OpenDatabaseOptions): Promise<Database> {
  if (o.databaseUrl && /^postgres(ql)?:\/\//.test(o.databaseUrl)) {
    const db = await connectPostgres(o.databaseUrl);
    try {
      return createSqlDatabase(db, postgresDialect, await createPostgresChangeFeed({ url: o.databaseUrl, db }), { logger: o.logger });
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }
  // file:<path> opens that SQLite file: two backends on one database (referenceAuth) on one machine
  const file = o.databaseUrl?.startsWith('file:') ? fileURLToPath(o.databaseUrl) : o.sqliteFile;
  return createSqlDatabase(connectSqlite(file, o.sqliteSynchronous), sqliteDialect, createSqliteChangeFeed(), { logger: o.logger });
}
