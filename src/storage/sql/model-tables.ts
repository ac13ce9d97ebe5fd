import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import type { MigrationReport } from '../ports.js';
import { type ColumnKind, keyColumns, modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';
import { tableColumns } from './table-columns.js';

/**
 * One real table per model, a column per stored field, the primary key on the key fields. Later
 * calls add tables and columns for new models and fields and never drop anything: columns of
 * removed fields stay (and are reported), unlike Amplify's sandbox, which replaces the table.
 * TODO(secondary-indexes): CREATE INDEX per SecondaryIndexIR.
 */
export async function migrateModelTables(db: Kysely<any>, d: SqlDialect, models: ModelIR[]): Promise<MigrationReport> {
  const report: MigrationReport = { createdTables: [], addedColumns: [], keptColumns: [] };
  for (const model of models) {
    const existing = await tableColumns(db, d, model.tableName);
    if (existing.size === 0) {
      await createModelTable(db, d, model);
      report.createdTables.push(model.tableName);
      continue;
    }
    const wanted = modelColumns(model);
    for (const [name, col] of wanted) {
      if (existing.has(name)) continue;
      await db.schema.alterTable(model.tableName).addColumn(name, columnType(d, col.kind)).execute();
      report.addedColumns.push(`${model.tableName}.${name}`);
    }
    for (const name of existing) if (!wanted.has(name)) report.keptColumns.push(`${model.tableName}.${name}`);
  }
  return report;
}

async function createModelTable(db: Kysely<any>, d: SqlDialect, model: ModelIR): Promise<void> {
  const keys = keyColumns(model);
  let t = db.schema.createTable(model.tableName).ifNotExists();
  for (const [name, col] of modelColumns(model)) {
    t = t.addColumn(name, columnType(d, col.kind), (c) => (keys.includes(name) ? c.notNull() : c));
  }
  await t.addPrimaryKeyConstraint(`${model.tableName}_pkey`, keys as never).execute();
}

/**
 * Text compares byte-wise on both engines ("C" collation on PostgreSQL, BINARY on SQLite), as
 * DynamoDB compares UTF-8 bytes: the same filter and page order on either engine.
 */
function columnType(d: SqlDialect, kind: ColumnKind): RawBuilder<unknown> {
  if (kind === 'text' && d.engine === 'postgres') return sql`text collate "C"`;
  return sql.raw(d.columnTypes[kind]);
}
