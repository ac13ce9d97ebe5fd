import type { ModelIR } from '../../ir/types.js';
import type { FilterInput } from '../ports.js';
import { modelColumns } from './column-kind.js';

/** Operators that filter.ts compiles to a plain comparison of the column, which a B-tree index serves. */
const SEEKABLE = new Set(['eq', 'in', 'lt', 'le', 'gt', 'ge', 'between']);
/** Booleans and JSON are left out: two values index badly, and JSON compares through an expression. */
const KINDS = new Set(['text', 'integer', 'bigint', 'float']);

/**
 * The fields that every row matching `filter` must satisfy a seekable comparison on, so an index
 * leading with one of them can narrow the scan: the fields of the top-level conjunction, and of an
 * `or` those every branch has (`{ or: [{ owner: { eq: a } }, { owner: { eq: b } }] }` gives owner).
 * `not` gives nothing. Example: `{ name: { eq: 'x' }, price: { ne: 3 } }` → `['name']`.
 */
export function seekableFields(model: ModelIR, filter: FilterInput | null | undefined): string[] {
  return [...fieldsOf(model, filter)];
}

function fieldsOf(model: ModelIR, filter: FilterInput | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!filter || typeof filter !== 'object') return out;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') for (const f of branches(value)) for (const x of fieldsOf(model, f)) out.add(x);
    else if (key === 'or') for (const x of common(branches(value).map((f) => fieldsOf(model, f)))) out.add(x);
    else if (key !== 'not' && seekable(model, key, value)) out.add(key);
  }
  return out;
}

function branches(v: unknown): FilterInput[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is FilterInput => x !== null && typeof x === 'object');
}

function common(sets: Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((x) => rest.every((s) => s.has(x))));
}

function seekable(model: ModelIR, name: string, ops: unknown): boolean {
  const col = modelColumns(model).get(name);
  if (!col || !KINDS.has(col.kind) || typeof ops !== 'object' || ops === null || Array.isArray(ops)) return false;
  return Object.entries(ops as Record<string, unknown>).some(
    ([op, v]) =>
      SEEKABLE.has(op) && v !== null && v !== undefined && !(op === 'eq' && Array.isArray(v)) && !(op === 'in' && !Array.isArray(v)),
  );
}
