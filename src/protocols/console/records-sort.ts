/**
 * Sorting a model's records the way its keys allow, as AppSync does: by the first sort key of the
 * primary key or of a secondary index, within one partition (the filter's `eq` on the partition
 * key). The query is the API's own: the custom-key list or the index's query field, with
 * `sortDirection`; the rest of the filter stays a filter.
 */
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';

export interface SortedList {
  /** the root query field */
  field: string;
  partitionKey: string;
  partitionValue: unknown;
  /** the filter without the partition's `eq` (undefined when nothing is left) */
  filter?: Record<string, unknown>;
}

type Keyed = { partitionKey: string; sortKeys: string[]; queryField: string | null };

/** `listName`: the model's list field (the primary key's query). */
export function sortedList(m: ModelIR, listName: string, sort: string, filter: unknown): SortedList {
  const keyed: Keyed[] = [
    ...(m.primaryKey.isCustom && m.primaryKey.sortKeys.length ? [{ ...m.primaryKey, queryField: listName }] : []),
    ...m.secondaryIndexes.filter((ix) => ix.queryField),
  ];
  const candidates = keyed.filter((k) => k.sortKeys[0] === sort);
  if (!candidates.length)
    throw invalid(`${m.name} cannot be sorted by ${sort}: only the first sort key of the primary key or of an index sorts.`);
  for (const k of candidates) {
    const split = splitPartition(filter, k.partitionKey);
    if (split) return { field: k.queryField as string, partitionKey: k.partitionKey, ...split };
  }
  const needs = candidates.map((k) => k.partitionKey).join(' or ');
  throw invalid(`Sorting by ${sort} needs a filter ${needs} = <value> (a sort key orders records within one partition).`);
}

/** `{pk: {eq: v}, …}` or `{and: [{pk: {eq: v}}, …]}` → the value and the rest of the filter */
function splitPartition(filter: unknown, pk: string): { partitionValue: unknown; filter?: Record<string, unknown> } | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const f = filter as Record<string, unknown>;
  const eqOf = (part: unknown) => {
    const cond = (part as Record<string, unknown> | undefined)?.[pk] as Record<string, unknown> | undefined;
    return cond && Object.keys(cond).length === 1 && 'eq' in cond ? { value: cond.eq } : undefined;
  };
  const top = eqOf(f);
  if (top) {
    const { [pk]: _, ...rest } = f;
    return { partitionValue: top.value, filter: Object.keys(rest).length ? rest : undefined };
  }
  if (!Array.isArray(f.and)) return undefined;
  const i = f.and.findIndex((p) => eqOf(p) && Object.keys(p as object).length === 1);
  if (i < 0) return undefined;
  const others = f.and.filter((_, k) => k !== i);
  const rest = { ...f, and: others };
  return { partitionValue: eqOf(f.and[i])?.value, filter: others.length ? rest : undefined };
}

function invalid(message: string): HearthError {
  return Object.assign(new HearthError('ValidationError', message), { field: 'sort' });
}
