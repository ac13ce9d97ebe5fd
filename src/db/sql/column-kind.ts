import type { FieldIR, ModelIR } from '../../ir/types.js';

export type ColumnKind = 'text' | 'integer' | 'bigint' | 'float' | 'boolean' | 'json';

/**
 * The column a field is stored in; undefined for relationship fields, which have no column of
 * their own (their foreign keys are ordinary fields). Lists and non-model values are JSON.
 */
export function columnKind(f: FieldIR): ColumnKind | undefined {
  const t = f.type;
  if (t.kind === 'model') return undefined;
  if (f.isArray || t.kind === 'nonModel') return 'json';
  if (t.kind === 'enum') return 'text';
  switch (t.name) {
    case 'Int':
      return 'integer';
    case 'AWSTimestamp':
      return 'bigint';
    case 'Float':
      return 'float';
    case 'Boolean':
      return 'boolean';
    case 'AWSJSON':
      return 'json';
    default:
      return 'text';
  }
}

export interface Column {
  field: FieldIR;
  kind: ColumnKind;
}

const cache = new WeakMap<ModelIR, Map<string, Column>>();

/** name → column for the model's stored fields (memoised per ModelIR object: the hot path reads it). */
export function modelColumns(model: ModelIR): Map<string, Column> {
  let cols = cache.get(model);
  if (!cols) {
    cols = new Map();
    for (const field of model.fields) {
      const kind = columnKind(field);
      if (kind) cols.set(field.name, { field, kind });
    }
    cache.set(model, cols);
  }
  return cols;
}

export function keyColumns(model: ModelIR): string[] {
  return [model.primaryKey.partitionKey, ...model.primaryKey.sortKeys];
}
