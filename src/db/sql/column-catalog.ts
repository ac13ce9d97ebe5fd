import { type Kysely, sql } from 'kysely';
import type { ColumnSpec } from './column-spec.js';

/** Hearth's record of what each model column was made for (SQLite's column types cannot say). */
export const CATALOG_TABLE = 'hearth_model_columns';

export async function ensureCatalog(db: Kysely<any>): Promise<void> {
  const create = () =>
    db.schema
      .createTable(CATALOG_TABLE)
      .ifNotExists()
      .addColumn('table_name', 'text', (c) => c.notNull())
      .addColumn('column_name', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${CATALOG_TABLE}_pkey`, ['table_name', 'column_name'])
      .execute();
  try {
    await create();
  } catch {
    // two instances starting at once on PostgreSQL can race on IF NOT EXISTS; the second try sees the table
    await create();
  }
}

export async function readCatalog(db: Kysely<any>, table: string): Promise<Map<string, ColumnSpec>> {
  const rows = await db.selectFrom(CATALOG_TABLE).select(['column_name', 'spec']).where('table_name', '=', table).execute();
  return new Map(rows.map((r) => [r.column_name as string, JSON.parse(r.spec as string) as ColumnSpec]));
}

export async function writeCatalog(db: Kysely<any>, table: string, specs: Map<string, ColumnSpec>): Promise<void> {
  for (const [column, spec] of specs) {
    await db
      .insertInto(CATALOG_TABLE)
      .values({ table_name: table, column_name: column, spec: JSON.stringify(spec) })
      .onConflict((oc) => oc.columns(['table_name', 'column_name']).doUpdateSet({ spec: sql`excluded.spec` }))
      .execute();
  }
}

export async function forgetColumns(db: Kysely<any>, table: string, columns: string[]): Promise<void> {
  if (columns.length === 0) return;
  await db.deleteFrom(CATALOG_TABLE).where('table_name', '=', table).where('column_name', 'in', columns).execute();
}
