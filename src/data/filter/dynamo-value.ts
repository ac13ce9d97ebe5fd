/**
 * How DynamoDB sees a stored value, for the filter semantics shared by the SQL compiler
 * (src/db/sql/filter.ts) and the in-memory evaluator (evaluate.ts). Amplify's resolvers store
 * a record with `util.dynamodb.toMapValues`: strings are S, numbers N, booleans BOOL, arrays L,
 * objects (AWSJSON, custom types) M. Hearth stores null and "absent" alike (SQL has one NULL), so
 * both count as a missing attribute.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */

/** The ModelAttributeTypes value of a stored value (never a set or binary: Amplify writes neither). */
export function attributeTypeOf(v: unknown): 'string' | 'number' | 'bool' | 'list' | 'map' | '_null' {
  if (v === null || v === undefined) return '_null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'list' : 'map';
}

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined;
}

/**
 * DynamoDB `size()`: a string's length in UTF-8 bytes (the PartiQL SIZE page: "size in bytes"),
 * a list's elements, a map's entries; undefined for numbers, booleans and missing values.
 */
export function sizeOf(v: unknown): number | undefined {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

/**
 * Order of two values of the same scalar type: numbers numerically, strings by their UTF-8 bytes
 * (DynamoDB compares strings as binary; JavaScript's `<` would compare UTF-16 code units, which
 * puts U+FF01 after U+1F600). Undefined when the types differ or are not ordered (booleans, lists).
 */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return undefined;
}

/**
 * `=` in DynamoDB: same type and value. A list equals a list of the same elements in the same
 * order (the enum-list inputs' `eq: [Color]`); a list or map never equals a scalar.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  return compareValues(a, b) === 0;
}

/** DynamoDB `contains`: a substring of a string, or an element of a list. */
export function containsValue(actual: unknown, operand: unknown): boolean {
  if (typeof actual === 'string') return typeof operand === 'string' && actual.includes(operand);
  if (Array.isArray(actual)) return actual.some((e) => sameValue(e, operand));
  return false;
}
