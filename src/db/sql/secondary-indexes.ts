import { createHash } from 'node:crypto';
import type { ModelIR } from '../../ir/types.js';
import { keyColumns } from './column-kind.js';

/** Hearth's own index names start with this, so indexes a later schema drops can be found again. */
export const INDEX_PREFIX = 'hx_';
const MAX_NAME = 63;

export interface IndexSpec {
  name: string;
  columns: string[];
}

/**
 * One SQL index per secondary index: the partition key, the sort keys, then the primary key (the
 * order a key query pages in); and one per set of reference fields that a hasMany or hasOne reads
 * this model by (`Comment(postId, id)`), unless a secondary index already starts with them, so a
 * nested read never scans the child table. Names are stable across reloads; names over
 * PostgreSQL's 63 bytes are shortened with a hash. `all` is every model of the schema (a
 * one-directional hasMany is declared on the parent).
 */
export function indexSpecs(model: ModelIR, all: ModelIR[] = [model]): IndexSpec[] {
  const specs = model.secondaryIndexes.map((ix) => ({
    name: indexName(model.tableName, ix.name),
    columns: withKey(model, [ix.partitionKey, ...ix.sortKeys]),
  }));
  for (const refs of referenceSets(model, all)) {
    const covered = specs.some((s) => refs.every((r, i) => s.columns[i] === r));
    if (!covered) specs.push({ name: indexName(model.tableName, `ref_${refs.join('_')}`), columns: withKey(model, refs) });
  }
  return specs;
}

/** The reference-field lists this model is looked up by: its own belongsTo, and hasMany/hasOne that target it. */
function referenceSets(model: ModelIR, all: ModelIR[]): string[][] {
  const out = new Map<string, string[]>();
  const add = (refs: string[]) => {
    const stored = refs.filter((r) => model.fields.some((f) => f.name === r && f.type.kind !== 'model'));
    if (stored.length === refs.length && refs.length > 0) out.set(refs.join(','), refs);
  };
  for (const f of model.fields) if (f.association?.connectionType === 'BELONGS_TO') add(f.association.references);
  for (const m of all) {
    for (const f of m.fields) {
      const a = f.association;
      if (a && a.connectionType !== 'BELONGS_TO' && f.type.kind === 'model' && f.type.name === model.name) add(a.references);
    }
  }
  return [...out.values()];
}

export function withKey(model: ModelIR, leading: string[]): string[] {
  const out = [...leading];
  for (const k of keyColumns(model)) if (!out.includes(k)) out.push(k);
  return out;
}

/** `<prefix><table>_<suffix>`, shortened with a hash past PostgreSQL's 63 bytes. */
export function indexName(table: string, suffix: string, prefix = INDEX_PREFIX): string {
  const name = `${prefix}${table}_${suffix}`;
  if (Buffer.byteLength(name) <= MAX_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${prefix}${table.slice(0, 20)}_${hash}`;
}
