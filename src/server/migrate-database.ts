import { join } from 'node:path';
import { openDatabase } from '../db/index.js';
import type { MigrationReport } from '../db/ports.js';
import { compileBackend } from '../ir/compile.js';
import { stateDir } from '../project/hearth-paths.js';
import { loadBackend } from '../project/load-backend.js';
import { HearthError } from '../util/errors.js';

export interface MigrateDatabaseResult {
  engine: 'sqlite' | 'postgres';
  report: MigrationReport;
  /** `<table>.<column>` dropped by `pruneColumns` */
  dropped: string[];
}

/**
 * Brings the app's database to its data schema without serving, as start-up does; with
 * `pruneColumns`, then drops the columns kept for removed fields (the explicit step, since every
 * migration keeps them). A change that would break rows throws ConfigError and changes nothing.
 */
export async function migrateDatabase(o: {
  projectRoot: string;
  databaseUrl?: string;
  pruneColumns?: boolean;
}): Promise<MigrateDatabaseResult> {
  const { ir } = compileBackend(await loadBackend(o.projectRoot), o.projectRoot);
  if (!ir.data) throw new HearthError('ConfigError', 'amplify/backend.ts defines no data; there are no model tables to migrate.');
  const db = await openDatabase({ databaseUrl: o.databaseUrl, sqliteFile: join(stateDir(o.projectRoot), 'data.sqlite') });
  try {
    const report = await db.migrate(ir.data.models, { enums: ir.data.enums });
    const dropped = o.pruneColumns ? await db.pruneColumns(ir.data.models) : [];
    return { engine: db.engine, report, dropped };
  } finally {
    await db.close();
  }
}
