import type { FilterInput, Row } from '../../db/ports.js';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { matchesOperators } from './operators.js';

/**
 * Whether one record matches a Model<T>FilterInput / ConditionInput / ModelSubscription filter,
 * in memory, with exactly the semantics of the SQL the storage layer runs (see operators.ts).
 * Fields in one object and members of `and` must all hold; `or` needs one (an empty `or` matches
 * nothing, an empty `and` everything); `not` negates; null members are ignored. With `model`, a
 * field the model does not store is a ValidationError, as in SQL.
 * Example: `matchesFilter({ n: 3 }, { or: [{ n: { gt: 2 } }, { name: { eq: 'x' } }] })` → true.
 */
export function matchesFilter(row: Row, filter: FilterInput | null | undefined, model?: ModelIR): boolean {
  if (!filter) return true;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (!matchesMember(row, key, value, model)) return false;
  }
  return true;
}

function matchesMember(row: Row, key: string, value: unknown, model: ModelIR | undefined): boolean {
  if (key === 'and') return members(value).every((f) => matchesFilter(row, f, model));
  if (key === 'or') return members(value).some((f) => matchesFilter(row, f, model));
  if (key === 'not') return !matchesFilter(row, value as FilterInput, model);
  if (model && !model.fields.some((f) => f.name === key && f.type.kind !== 'model')) {
    throw new HearthError('ValidationError', `The field '${key}' cannot be filtered on model ${model.name}.`);
  }
  return matchesOperators(row[key], value as Record<string, unknown>);
}

function members(v: unknown): FilterInput[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is FilterInput => x !== null && typeof x === 'object');
}
