import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { EnumIR, ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { MigrationReport } from '../ports.js';
import { ensureCatalog, writeCatalog } from './column-catalog.js';
import { type ColumnKind, keyColumns, modelColumns } from './column-kind.js';
import type { ColumnSpec } from './column-spec.js';
import type { SqlDialect } from './dialect.js';
import { dropFilterIndexes } from './filter-indexes.js';
import { type ColumnChange, type ModelPlan, planMigration } from './migration-plan.js';
import { encodeValue } from './row-codec.js';
import { INDEX_PREFIX, type IndexSpec, indexSpecs } from './secondary-indexes.js';
import { tableIndexes } from './table-columns.js';

/**
 * One real table per model, a column per stored field, the primary key on the key fields, an
 * index per secondary index. Later calls add tables, columns and indexes and never drop a row:
 * columns of removed fields stay (and are reported) until pruned, unlike Amplify's sandbox, which
 * replaces the table. A changed field type is applied when every stored row survives it (the
 * column is rewritten); otherwise nothing at all is applied and a ConfigError names each field.
 */
export async function migrateModelTables(
  db: Kysely<any>,
  d: SqlDialect,
  models: ModelIR[],
  o: { enums?: EnumIR[] } = {},
): Promise<MigrationReport> {
  await ensureCatalog(db);
  const { plans, refusals } = await planMigration(db, d, { models, enums: o.enums });
  if (refusals.length > 0) {
    throw new HearthError(
      'ConfigError',
      `The data schema change would break stored rows, so none of it was applied:\n${refusals.map((r) => `  - ${r}`).join('\n')}\nChange the field back, or add a new field and copy the values over.`,
    );
  }
  const report: MigrationReport = { createdTables: [], addedColumns: [], keptColumns: [], changedColumns: [], createdIndexes: [] };
  await db.transaction().execute(async (trx) => {
    for (const plan of plans) await applyPlan(trx, d, { plan, models }, report);
  });
  return report;
}

async function applyPlan(
  db: Kysely<any>,
  d: SqlDialect,
  o: { plan: ModelPlan; models: ModelIR[] },
  report: MigrationReport,
): Promise<void> {
  const { plan } = o;
  const { model } = plan;
  const table = model.tableName;
  if (plan.create) {
    await createModelTable(db, d, model);
    report.createdTables.push(table);
  }
  for (const name of plan.addColumns) {
    await db.schema
      .alterTable(table)
      .addColumn(name, columnType(d, plan.specs.get(name)?.kind ?? 'text'))
      .execute();
    report.addedColumns.push(`${table}.${name}`);
  }
  if (plan.changes.some((c) => c.rebuild) && d.engine === 'sqlite') {
    await dropOwnIndexes(db, { table, existing: await tableIndexes(db, d, table), keep: new Set() });
    await dropFilterIndexes(db, d, table);
  }
  for (const change of plan.changes) {
    await applyChange(db, d, model, change);
    report.changedColumns.push(`${table}.${change.column}`);
  }
  for (const name of plan.kept) report.keptColumns.push(`${table}.${name}`);
  await syncIndexes(db, d, { table, wanted: indexSpecs(model, o.models) }, report);
  await writeCatalog(db, table, changedSpecs(plan));
}

/** The catalog entries the migration changes: none on a start whose schema did not change. */
function changedSpecs(plan: ModelPlan): Map<string, ColumnSpec> {
  const changed = new Map<string, ColumnSpec>();
  for (const [column, spec] of plan.specs) {
    const stored = plan.stored.get(column);
    if (!stored || JSON.stringify(stored) !== JSON.stringify(spec)) changed.set(column, spec);
  }
  return changed;
}

/** Rebuilds the column when its storage kind changes, then writes each converted value back by key. */
async function applyChange(db: Kysely<any>, d: SqlDialect, model: ModelIR, c: ColumnChange): Promise<void> {
  const table = model.tableName;
  if (c.rebuild) {
    if (d.engine === 'postgres') {
      await sql`alter table ${sql.id(table)} alter column ${sql.id(c.column)} type ${columnType(d, c.to.kind)} using null`.execute(db);
    } else {
      await db.schema.alterTable(table).dropColumn(c.column).execute();
      await db.schema.alterTable(table).addColumn(c.column, columnType(d, c.to.kind)).execute();
    }
  }
  for (const { key, value } of c.rewrites) {
    let q = db.updateTable(table).set({ [c.column]: encodeValue(c.to.kind, value, d) });
    for (const k of keyColumns(model)) q = q.where(k, '=', key[k]);
    await q.execute();
  }
}

async function syncIndexes(
  db: Kysely<any>,
  d: SqlDialect,
  o: { table: string; wanted: IndexSpec[] },
  report: MigrationReport,
): Promise<void> {
  const { table, wanted } = o;
  const existing = await tableIndexes(db, d, table);
  await dropOwnIndexes(db, { table, existing, keep: new Set(wanted.map((w) => w.name)) });
  for (const ix of wanted) {
    if (existing.has(ix.name)) continue;
    await db.schema.createIndex(ix.name).ifNotExists().on(table).columns(ix.columns).execute();
    report.createdIndexes.push(`${table}.${ix.name}`);
  }
}

/** Drops Hearth's indexes among the table's `existing` except `keep` (an index costs writes; rows are untouched). */
async function dropOwnIndexes(db: Kysely<any>, o: { table: string; existing: Set<string>; keep: Set<string> }): Promise<void> {
  for (const name of o.existing) {
    if (name.startsWith(INDEX_PREFIX) && !o.keep.has(name)) await db.schema.dropIndex(name).ifExists().execute();
  }
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
export function columnType(d: SqlDialect, kind: ColumnKind): RawBuilder<unknown> {
  if (kind === 'text' && d.engine === 'postgres') return sql`text collate "C"`;
  return sql.raw(d.columnTypes[kind]);
}
