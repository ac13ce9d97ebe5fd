import { migrateDatabase } from '../server/migrate-database.js';

export interface MigrateOptions {
  databaseUrl?: string;
  pruneColumns?: boolean;
}

/**
 * `hearth migrate [--prune-columns]`: brings the database to the app's data schema without
 * serving. Columns of removed fields are kept by every migration; `--prune-columns` is the
 * explicit way to drop them (their values are gone after it).
 */
export async function migrate(o: MigrateOptions): Promise<void> {
  const { engine, report, dropped } = await migrateDatabase({
    projectRoot: process.cwd(),
    databaseUrl: o.databaseUrl ?? process.env.HEARTH_DATABASE_URL,
    pruneColumns: o.pruneColumns,
  });
  const say = (what: string, list: string[]) => {
    if (list.length) process.stdout.write(`${what}: ${list.join(', ')}\n`);
  };
  say('created tables', report.createdTables);
  say('added columns', report.addedColumns);
  say('converted columns', report.changedColumns);
  say('created indexes', report.createdIndexes);
  if (o.pruneColumns) say('dropped columns', dropped);
  else say('kept columns of removed fields (drop them with --prune-columns)', report.keptColumns);
  process.stdout.write(`the ${engine} database matches the data schema\n`);
}
