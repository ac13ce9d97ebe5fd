import { describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import type { FilterInput, Row } from '../../db/ports.js';
import { matchesFilter } from './evaluate.js';

const row: Row = { s: 'apple', n: 3, b: false, tags: ['red', 'fruit'], j: { a: 1 }, js: 'héllo', w: '\uff01', nothing: null };

// DynamoDB facts each case pins down (see operators.ts)
const CASES: [string, FilterInput, boolean][] = [
  ['eq on a missing attribute is false', { missing: { eq: 'x' } }, false],
  ['ne on a missing attribute is true (DynamoDB <>)', { missing: { ne: 'x' } }, true],
  ['lt on a missing attribute is false, and so is its negation of ge', { missing: { lt: 'x' } }, false],
  ['not over a comparison with a missing attribute is true', { not: { missing: { ge: 'x' } } }, true],
  ['eq null matches a null value', { nothing: { eq: null } }, true],
  ['ne null needs a value', { nothing: { ne: null } }, false],
  ['strings order by UTF-8 bytes: upper case before lower', { s: { gt: 'Zebra' } }, true],
  ['U+FF01 sorts before U+1F600 (bytes, not UTF-16 units)', { w: { lt: '\u{1F600}' } }, true],
  ['a number never equals a string', { n: { eq: '3' as unknown as number } }, false],
  ['booleans are not ordered', { b: { lt: true } }, false],
  ['contains on a string is a substring', { s: { contains: 'ppl' } }, true],
  ['contains on a list is membership, not substring', { tags: { contains: 'fru' } }, false],
  ['contains on a list element', { tags: { contains: 'fruit' } }, true],
  ['notContains on a missing attribute is true', { missing: { notContains: 'x' } }, true],
  ['eq on a list against a scalar is false', { tags: { eq: 'red' } }, false],
  ['ne on a list against a scalar is true', { tags: { ne: 'red' } }, true],
  ['size of a string counts UTF-8 bytes', { js: { size: { eq: 6 } } }, true],
  ['size of a list counts elements', { tags: { size: { between: [2, 2] } } }, true],
  ['size of a map counts entries', { j: { size: { eq: 1 } } }, true],
  ['size of a number is missing: eq false', { n: { size: { eq: 0 } } }, false],
  ['attributeType string', { s: { attributeType: 'string' } }, true],
  ['attributeType list', { tags: { attributeType: 'list' } }, true],
  ['attributeType map', { j: { attributeType: 'map' } }, true],
  ['attributeType bool', { b: { attributeType: 'bool' } }, true],
  ['attributeType _null on null', { nothing: { attributeType: '_null' } }, true],
  ['attributeType never a set', { tags: { attributeType: 'stringSet' } }, false],
  ['attributeExists false on null', { nothing: { attributeExists: false } }, true],
  ['attributeExists true on a value', { s: { attributeExists: true } }, true],
  ['between bounds are inclusive', { n: { between: [3, 4] } }, true],
  ['between with reversed bounds matches nothing', { n: { between: [4, 3] } }, false],
  ['beginsWith is case-sensitive', { s: { beginsWith: 'Ap' } }, false],
  ['in ignores null members', { n: { in: [null, 3] } }, true],
  ['notIn on a missing attribute is true', { missing: { notIn: ['x'] } }, true],
  ['a null operand is no constraint', { s: { gt: null } }, true],
  ['an empty and matches', { and: [] }, true],
  ['an empty or matches nothing', { or: [] }, false],
  ['not: null is ignored', { not: null }, true],
  ['fields in one object are ANDed', { s: { eq: 'apple' }, n: { eq: 4 } }, false],
  ['nested or/not', { or: [{ n: { gt: 5 } }, { not: { s: { beginsWith: 'b' } } }] }, true],
];

describe('matchesFilter', () => {
  it.each(CASES)('%s', (_name, filter, expected) => {
    expect(matchesFilter(row, filter)).toBe(expected);
  });

  it('refuses a field the model does not store, as the SQL compiler does', () => {
    const m = model('Thing', [field('s')]);
    expect(() => matchesFilter(row, { nope: { eq: 1 } }, m)).toThrow(expect.objectContaining({ code: 'ValidationError' }));
  });

  it('refuses an unknown operator and a malformed between', () => {
    expect(() => matchesFilter(row, { s: { like: 'a%' } })).toThrow(expect.objectContaining({ code: 'ValidationError' }));
    expect(() => matchesFilter(row, { n: { between: [1] } })).toThrow(expect.objectContaining({ code: 'ValidationError' }));
  });
});
