/**
 * The project's invocation store opened without serving (`hearth triggers list|show|retry`), the
 * way `hearth migrate` opens its database: PostgreSQL from a URL, else the sandbox's SQLite file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type InvocationStore, openDatabase } from '../db/index.js';
import { stateDir } from '../project/hearth-paths.js';

/**
 * Runs `use` over the store and closes the database; undefined when nothing can have been recorded
 * yet (no SQLite file, or no server has created the table).
 */
export async function withInvocationRecords<T>(
  o: { projectRoot: string; databaseUrl?: string },
  use: (store: InvocationStore) => Promise<T>,
): Promise<T | undefined> {
  const sqliteFile = join(stateDir(o.projectRoot), 'data.sqlite');
  if (!o.databaseUrl && !existsSync(sqliteFile)) return undefined;
  const db = await openDatabase({ databaseUrl: o.databaseUrl, sqliteFile });
  try {
    return await use(db.invocations);
  } catch (e) {
    if (/no such table|does not exist/.test((e as Error).message)) return undefined;
    throw e;
  } finally {
    await db.close();
  }
}
