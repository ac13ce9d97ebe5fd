import type { Kysely } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import { ensureCatalog, forgetColumns } from './column-catalog.js';
import { modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { dropFilterIndexes } from './filter-indexes.js';
import { tableColumns } from './table-columns.js';

/**
 * Drops the columns that migration kept for fields no longer in the models: the explicit "told
 * otherwise" step (`hearth migrate --prune-columns`). Only tables of the given models are touched;
 * tables of removed models stay. Run it after `migrate(models)`, which has dropped the indexes
 * of removed fields (SQLite cannot drop an indexed column). Returns `<table>.<column>` per column.
 */
export async function pruneKeptColumns(db: Kysely<any>, d: SqlDialect, models: ModelIR[]): Promise<string[]> {
  await ensureCatalog(db);
  const dropped: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const model of models) {
      const table = model.tableName;
      const wanted = modelColumns(model);
      const kept = [...(await tableColumns(trx, d, table))].filter((c) => !wanted.has(c));
      if (kept.length === 0) continue;
      // SQLite refuses to drop an indexed column; learned indexes are learned again
      if (d.engine === 'sqlite') await dropFilterIndexes(trx, d, table);
      for (const column of kept) {
        await trx.schema.alterTable(table).dropColumn(column).execute();
        dropped.push(`${table}.${column}`);
      }
      await forgetColumns(trx, table, kept);
    }
  });
  return dropped;
}
