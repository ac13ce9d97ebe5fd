import type { Kysely } from 'kysely';
import type { EnumIR, ModelIR } from '../../ir/types.js';
import type { Row } from '../ports.js';
import { readCatalog } from './column-catalog.js';
import { convertValue, decodeStored } from './column-conversion.js';
import { keyColumns, modelColumns } from './column-kind.js';
import { type ColumnSpec, columnSpec, sameSpec, typeLabel } from './column-spec.js';
import type { SqlDialect } from './dialect.js';
import { tableColumns } from './table-columns.js';

/** A column whose field changed type: its rows are rewritten with `values` (key → converted value). */
export interface ColumnChange {
  column: string;
  from: ColumnSpec;
  to: ColumnSpec;
  /** the storage kind changes: the column is rebuilt */
  rebuild: boolean;
  /** rows whose stored value changes, with the new value */
  rewrites: { key: Row; value: unknown }[];
}

export interface ModelPlan {
  model: ModelIR;
  create: boolean;
  addColumns: string[];
  changes: ColumnChange[];
  /** columns of fields no longer in the model: kept */
  kept: string[];
  /** the catalog after the migration, for this model's current fields */
  specs: Map<string, ColumnSpec>;
  /** the catalog before it (empty for a new table) */
  stored: Map<string, ColumnSpec>;
}

/**
 * Compares each model with its table and the catalog, reading (never writing) the database: new
 * tables and columns are fine, removed fields keep their column, and a changed field is fine only
 * when every stored row survives the change. Returns the plan, or the refusals, each naming the
 * model, the field and why.
 */
export async function planMigration(
  db: Kysely<any>,
  d: SqlDialect,
  o: { models: ModelIR[]; enums?: EnumIR[] },
): Promise<{ plans: ModelPlan[]; refusals: string[] }> {
  const plans: ModelPlan[] = [];
  const refusals: string[] = [];
  for (const model of o.models) {
    const specs = new Map<string, ColumnSpec>();
    for (const [name, col] of modelColumns(model)) {
      const spec = columnSpec(col.field, o.enums);
      if (spec) specs.set(name, spec);
    }
    const existing = await tableColumns(db, d, model.tableName);
    const plan: ModelPlan = { model, create: existing.size === 0, addColumns: [], changes: [], kept: [], specs, stored: new Map() };
    plans.push(plan);
    if (plan.create) continue;
    const catalog = await readCatalog(db, model.tableName);
    plan.stored = catalog;
    for (const [name, spec] of specs) {
      if (!existing.has(name)) plan.addColumns.push(name);
      else {
        const stored = catalog.get(name);
        // a caller that passes no enums (tests, tools) must not read as a change of the enum's values
        if (stored?.enumValues && !spec.enumValues && spec.typeKind === 'enum') spec.enumValues = stored.enumValues;
        // a table made before the catalog existed: its columns are taken as they are now declared
        if (!stored || sameSpec(stored, spec)) continue;
        const checked = await checkChange(db, d, { model, column: name, from: stored, to: spec });
        if (typeof checked === 'string') refusals.push(checked);
        else plan.changes.push(checked);
      }
    }
    for (const name of existing) if (!specs.has(name)) plan.kept.push(name);
  }
  return { plans, refusals };
}

interface Change {
  model: ModelIR;
  column: string;
  from: ColumnSpec;
  to: ColumnSpec;
}

/** Reads every row's value of the column and converts it; a refusal message when some row cannot be kept. */
async function checkChange(db: Kysely<any>, d: SqlDialect, c: Change): Promise<ColumnChange | string> {
  const keys = keyColumns(c.model);
  const from = typeLabel(c.from);
  const to = typeLabel(c.to);
  const what = `${c.model.name}.${c.column} cannot change ${from === to ? `to the new values of ${to}` : `from ${from} to ${to}`}`;
  const rebuild = c.from.kind !== c.to.kind;
  if (rebuild && keys.includes(c.column)) return `${what}: it is part of the primary key.`;
  const rows = await db
    .selectFrom(c.model.tableName)
    .select([...keys, c.column])
    .execute();
  const rewrites: ColumnChange['rewrites'] = [];
  const bad: unknown[] = [];
  let nulls = 0;
  for (const row of rows) {
    const value = decodeStored(row[c.column], c.from, d);
    if (value === null) {
      nulls++;
      continue;
    }
    const converted = convertValue(value, c.to);
    if (!converted.ok) bad.push(value);
    else if (rebuild || JSON.stringify(converted.value) !== JSON.stringify(value)) {
      rewrites.push({ key: Object.fromEntries(keys.map((k) => [k, row[k]])), value: converted.value });
    }
  }
  if (bad.length > 0) {
    return `${what}: ${count(bad.length)} ${bad.length === 1 ? 'holds a value' : 'hold values'} that ${typeLabel(c.to)} cannot take (e.g. ${JSON.stringify(bad[0])}).`;
  }
  const mustHaveValue = c.to.isArray ? !c.to.arrayNullable : c.to.required;
  if (mustHaveValue && nulls > 0) return `${what}: ${count(nulls)} ${nulls === 1 ? 'has' : 'have'} no value.`;
  return { column: c.column, from: c.from, to: c.to, rebuild, rewrites };
}

const count = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
