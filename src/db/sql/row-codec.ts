import type { ModelIR } from '../../ir/types.js';
import type { Row } from '../ports.js';
import { type ColumnKind, modelColumns } from './column-kind.js';
import type { SqlDialect } from './dialect.js';

export function encodeValue(kind: ColumnKind, v: unknown, d: SqlDialect): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'boolean') return d.encodeBoolean(Boolean(v));
  if (kind === 'json') return d.encodeJson(v);
  return v;
}

function decodeValue(kind: ColumnKind, v: unknown, d: SqlDialect): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'boolean') return d.decodeBoolean(v);
  if (kind === 'json') return d.decodeJson(v);
  if (kind === 'bigint') return d.decodeBigint(v);
  return v;
}

/** Only the model's stored fields are written; anything else in `row` is ignored. */
export function encodeRow(model: ModelIR, row: Row, d: SqlDialect): Row {
  const out: Row = {};
  const cols = modelColumns(model);
  for (const [name, v] of Object.entries(row)) {
    const col = cols.get(name);
    if (col && v !== undefined) out[name] = encodeValue(col.kind, v, d);
  }
  return out;
}

/** Every stored field appears in the result (null when absent); extra columns of removed fields are dropped. */
export function decodeRow(model: ModelIR, raw: Row, d: SqlDialect): Row {
  const out: Row = {};
  for (const [name, col] of modelColumns(model)) out[name] = decodeValue(col.kind, raw[name], d);
  return out;
}
