import { HearthError } from '../../util/errors.js';
import { attributeTypeOf, compareValues, containsValue, isMissing, sameValue, sizeOf } from './dynamo-value.js';

/**
 * The meaning of every operator of Amplify's filter and condition inputs (Model<T>Input,
 * ModelSizeInput, ModelSubscription<T>Input), as DynamoDB evaluates the expression Amplify's
 * resolvers build from them (`eq` → `=`, `ne` → `<>`, `notContains` → `NOT contains(…)`, …).
 * This table is the one definition; src/db/sql/filter.ts compiles the same meanings to SQL and
 * test/property/filter-sql-vs-memory.test.ts holds the two to each other.
 *
 * - A comparison with a missing attribute is false, except `<>`, which DynamoDB answers true when
 *   the attribute is absent (so `ne`, `notContains` and `notIn` match records without the field).
 * - Different types never compare: `eq: "5"` does not match the number 5, nor a list holding "5".
 * - Strings order by UTF-8 bytes, numbers numerically; booleans and lists are not ordered.
 * - A null operand means "no constraint", except `eq: null` (missing) and `ne: null` (present).
 */
type Operator = (actual: unknown, operand: unknown) => boolean;

const ordered =
  (test: (c: number) => boolean): Operator =>
  (a, b) => {
    const c = compareValues(a, b);
    return c !== undefined && test(c);
  };

export const OPERATORS: Record<string, Operator> = {
  eq: (a, b) => sameValue(a, b),
  ne: (a, b) => !sameValue(a, b),
  lt: ordered((c) => c < 0),
  le: ordered((c) => c <= 0),
  gt: ordered((c) => c > 0),
  ge: ordered((c) => c >= 0),
  between: (a, b) => {
    const [lo, hi] = betweenBounds(b);
    return OPERATORS.ge?.(a, lo) === true && OPERATORS.le?.(a, hi) === true;
  },
  beginsWith: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  contains: containsValue,
  notContains: (a, b) => !containsValue(a, b),
  in: (a, b) => inOperands(b).some((x) => sameValue(a, x)),
  notIn: (a, b) => !inOperands(b).some((x) => sameValue(a, x)),
  attributeExists: (a, b) => isMissing(a) !== b,
  attributeType: (a, b) => attributeTypeOf(a) === b,
  size: (a, b) => matchesOperators(sizeOf(a), b as Record<string, unknown>),
};

/** Every operator of one field's input object must hold (they are ANDed). */
export function matchesOperators(actual: unknown, ops: Record<string, unknown> | null | undefined): boolean {
  if (!ops || typeof ops !== 'object') return true;
  for (const [op, operand] of Object.entries(ops)) {
    const fn = OPERATORS[op];
    if (!fn) throw new HearthError('ValidationError', `The filter operator '${op}' is not supported.`);
    if (!appliesTo(op, operand)) continue;
    if (op === 'eq' && operand === null) {
      if (!isMissing(actual)) return false;
    } else if (op === 'ne' && operand === null) {
      if (isMissing(actual)) return false;
    } else if (!fn(actual, operand)) return false;
  }
  return true;
}

/** Whether an operand constrains anything: null operands are ignored but for eq/ne null. */
export function appliesTo(op: string, operand: unknown): boolean {
  if (operand === undefined) return false;
  if (op === 'eq' || op === 'ne') return true;
  if (op === 'attributeExists') return typeof operand === 'boolean';
  return operand !== null;
}

/** `between: [lo, hi]`: exactly two non-null bounds, else a ValidationError (as DynamoDB refuses it). */
export function betweenBounds(v: unknown): [unknown, unknown] {
  if (!Array.isArray(v) || v.length !== 2 || v.some(isMissing)) {
    throw new HearthError('ValidationError', "'between' needs exactly two non-null values.");
  }
  return [v[0], v[1]];
}

/** `in`/`notIn` operands without nulls (a null in the list can match nothing). */
export function inOperands(v: unknown): unknown[] {
  return Array.isArray(v) ? v.filter((x) => !isMissing(x)) : [];
}
