import type { ColumnSpec } from './column-spec.js';
import type { SqlDialect } from './dialect.js';

export type Converted = { ok: true; value: unknown } | { ok: false };

const FAIL: Converted = { ok: false };
const INT32 = 2 ** 31;

/** A stored (raw) value as the column's old kind reads it. */
export function decodeStored(raw: unknown, from: ColumnSpec, d: SqlDialect): unknown {
  if (raw === null || raw === undefined) return null;
  if (from.kind === 'boolean') return d.decodeBoolean(raw);
  if (from.kind === 'json') return d.decodeJson(raw);
  if (from.kind === 'bigint') return d.decodeBigint(raw);
  return raw;
}

/**
 * A stored value under the new field type, or a failure when the row cannot be kept as it is:
 * numbers widen (Int → Float) and print (Int → String); numeric text parses (String → Int) only
 * when every row holds a number; a list never becomes a scalar or back; an enum accepts only
 * its values. `value` is a decoded (JSON) value, never null.
 */
export function convertValue(value: unknown, to: ColumnSpec): Converted {
  if (to.isArray) {
    if (!Array.isArray(value)) return FAIL;
    const out: unknown[] = [];
    for (const el of value) {
      if (el === null) {
        if (to.required) return FAIL;
        out.push(null);
        continue;
      }
      const c = convertScalar(el, to);
      if (!c.ok) return FAIL;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  if (Array.isArray(value) && !(to.typeKind === 'scalar' && to.typeName === 'AWSJSON')) return FAIL;
  return convertScalar(value, to);
}

function convertScalar(v: unknown, to: ColumnSpec): Converted {
  if (to.typeKind === 'enum') return typeof v === 'string' && (!to.enumValues || to.enumValues.includes(v)) ? { ok: true, value: v } : FAIL;
  if (to.typeKind === 'nonModel') return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ok: true, value: v } : FAIL;
  switch (to.kind) {
    case 'json':
      return { ok: true, value: v };
    case 'text':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? { ok: true, value: String(v) } : FAIL;
    case 'boolean':
      if (typeof v === 'boolean') return { ok: true, value: v };
      return v === 'true' || v === 'false' ? { ok: true, value: v === 'true' } : FAIL;
    case 'float': {
      const n = toNumber(v);
      return n === undefined ? FAIL : { ok: true, value: n };
    }
    case 'integer':
    case 'bigint': {
      const n = toNumber(v);
      if (n === undefined || !Number.isInteger(n)) return FAIL;
      return to.kind === 'integer' && (n >= INT32 || n < -INT32) ? FAIL : { ok: true, value: n };
    }
  }
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return undefined;
  return Number(v);
}
