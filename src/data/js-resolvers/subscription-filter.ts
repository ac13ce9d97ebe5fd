import type { FilterInput, Row } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { matchesFilter } from '../filter/index.js';

/** AppSync's enhanced subscription filter: groups are ORed, the filters of a group ANDed. */
export interface SubscriptionFilter {
  filterGroup: { filters: { fieldName: string; operator: string; value: unknown }[] }[];
}

const OPERATORS = new Set(['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between']);

/**
 * util.transform.toSubscriptionFilter: `{ channelName: { beginsWith: 'a' }, or: [{...}, {...}] }`
 * → `{ filterGroup: [...] }`. Top-level fields apply to every group; each `or` member makes a group.
 * `ignoredFields` leaves fields out, as AppSync's second argument does.
 */
export function toSubscriptionFilter(filter: Record<string, unknown>, ignoredFields: string[] = []): SubscriptionFilter {
  const base: SubscriptionFilter['filterGroup'][number]['filters'] = [];
  let ors: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (ignoredFields.includes(key) || value === undefined) continue;
    if (key === 'or') ors = value as Record<string, unknown>[];
    else if (key === 'and') for (const m of value as Record<string, unknown>[]) base.push(...fieldFilters(m, ignoredFields));
    else base.push(...fieldFilters({ [key]: value }, ignoredFields));
  }
  if (ors.length === 0) return { filterGroup: [{ filters: base }] };
  return { filterGroup: ors.map((m) => ({ filters: [...base, ...fieldFilters(m, ignoredFields)] })) };
}

function fieldFilters(obj: Record<string, unknown>, ignored: string[]) {
  return Object.entries(obj)
    .filter(([field]) => !ignored.includes(field))
    .flatMap(([fieldName, ops]) =>
      Object.entries((ops ?? {}) as Record<string, unknown>).map(([operator, value]) => {
        if (!OPERATORS.has(operator)) {
          throw new HearthError(
            'NotSupported',
            `Subscription filter operator '${operator}' (field ${fieldName}) is not supported by Hearth.`,
          );
        }
        return { fieldName, operator, value };
      }),
    );
}

/**
 * Whether a published value passes an enhanced filter set by extensions.setSubscriptionFilter.
 * Each group becomes a filter input of the model filter evaluator, so operators mean what they
 * mean in list filters (`beginsWith` on a non-string is false, a null operand constrains nothing).
 */
export function passesSubscriptionFilter(value: Row, filter: unknown): boolean {
  const groups = (filter as Partial<SubscriptionFilter> | undefined)?.filterGroup;
  if (!Array.isArray(groups) || groups.length === 0) return true;
  const asInput: FilterInput = {
    or: groups.map((g) => ({ and: (g.filters ?? []).map((f) => ({ [f.fieldName]: { [f.operator]: f.value } })) })),
  };
  return matchesFilter(value, asInput);
}
