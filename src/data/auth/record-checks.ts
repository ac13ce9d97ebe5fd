import type { FilterInput, Row } from '../../db/ports.js';
import type { RecordCheck } from './types.js';

/** A record passes when any check holds: its field equals (or, for lists, contains) one of the values. */
export function rowPasses(row: Row, checks: RecordCheck[]): boolean {
  return checks.some((c) => {
    const v = row[c.field];
    if (Array.isArray(v)) return v.some((x) => c.values.includes(String(x)));
    return typeof v === 'string' && c.values.includes(v);
  });
}

/** The same test as a filter, ANDed into list queries and conditional writes (so they stay atomic). */
export function checksFilter(checks: RecordCheck[]): FilterInput {
  const or = checks.flatMap((c) => c.values.map((v) => ({ [c.field]: c.isArray ? { contains: v } : { eq: v } })));
  // no identity values at all (e.g. a user in no group): a filter nothing can pass
  return or.length ? { or } : { or: [] };
}

/** Create: owner fields the input leaves empty are stamped with the caller's identity. */
export function fillOwners(input: Row, checks: RecordCheck[]): void {
  for (const c of checks) {
    if (c.fill === undefined || (input[c.field] !== undefined && input[c.field] !== null)) continue;
    input[c.field] = c.isArray ? [c.fill] : c.fill;
  }
}
