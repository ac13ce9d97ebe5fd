import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { FilterInput, RecordStore } from '../ports.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';

const ROWS = [
  { id: 'a', name: 'apple', n: 1, score: 1.5, ok: true, tags: ['red', 'fruit'], meta: { k: 'fruit' } },
  { id: 'b', name: 'Apricot', n: 2, score: 2.5, ok: false, tags: ['orange'], meta: 'fruity' },
  { id: 'c', name: 'banana', n: 3, score: null, ok: null, tags: null, meta: ['fruit', 1] },
  { id: 'd', name: null, n: null, score: 4, ok: true, tags: [], meta: 7 },
  { id: 'e', name: 'ápple pie', n: 10, score: -1, ok: false, tags: ['fruit'], meta: null },
];

// filter → ids, in DynamoDB semantics (missing attributes: comparisons false, ne/notContains true)
const CASES: [string, FilterInput, string[]][] = [
  ['eq string', { name: { eq: 'apple' } }, ['a']],
  ['eq is case-sensitive', { name: { eq: 'Apple' } }, []],
  ['ne includes missing', { name: { ne: 'apple' } }, ['b', 'c', 'd', 'e']],
  ['lt compares bytes (upper before lower)', { name: { lt: 'a' } }, ['b']],
  ['ge on int', { n: { ge: 2 } }, ['b', 'c', 'e']],
  ['between ints', { n: { between: [2, 3] } }, ['b', 'c']],
  ['gt float', { score: { gt: 1.5 } }, ['b', 'd']],
  ['beginsWith is case-sensitive', { name: { beginsWith: 'ap' } }, ['a']],
  ['beginsWith unicode', { name: { beginsWith: 'áp' } }, ['e']],
  ['contains substring', { name: { contains: 'an' } }, ['c']],
  ['notContains includes missing', { name: { notContains: 'pp' } }, ['b', 'c', 'd']],
  ['contains list element', { tags: { contains: 'fruit' } }, ['a', 'e']],
  ['boolean eq', { ok: { eq: true } }, ['a', 'd']],
  ['boolean ne includes missing', { ok: { ne: true } }, ['b', 'c', 'e']],
  ['attributeExists false', { score: { attributeExists: false } }, ['c']],
  ['attributeExists true', { tags: { attributeExists: true } }, ['a', 'b', 'd', 'e']],
  ['in', { n: { in: [1, 10, 99] } }, ['a', 'e']],
  ['notIn includes missing', { n: { notIn: [1, 2] } }, ['c', 'd', 'e']],
  ['size of string', { name: { size: { gt: 5 } } }, ['b', 'c', 'e']],
  ['and', { and: [{ n: { gt: 1 } }, { ok: { eq: false } }] }, ['b', 'e']],
  ['or', { or: [{ id: { eq: 'a' } }, { name: { eq: 'banana' } }] }, ['a', 'c']],
  ['not over a missing attribute is true', { not: { name: { eq: 'apple' } } }, ['b', 'c', 'd', 'e']],
  ['nested not/or', { not: { or: [{ n: { lt: 3 } }, { ok: { eq: true } }] } }, ['c', 'e']],
  ['several fields are ANDed', { name: { beginsWith: 'a' }, n: { eq: 1 } }, ['a']],
  ['empty filter', {}, ['a', 'b', 'c', 'd', 'e']],
  ['value that looks like SQL is a parameter', { name: { eq: "x' or '1'='1" } }, []],
  ['size of a string counts UTF-8 bytes', { name: { size: { eq: 10 } } }, ['e']],
  ['size of a list', { tags: { size: { ge: 1 } } }, ['a', 'b', 'e']],
  ['size ne on a missing list is true', { tags: { size: { ne: 0 } } }, ['a', 'b', 'c', 'e']],
  ['contains on a list is membership, not substring', { tags: { contains: 'fru' } }, []],
  ['eq on a list against a scalar is false', { tags: { eq: 'orange' } }, []],
  ['ne on a list against a scalar is true', { tags: { ne: 'orange' } }, ['a', 'b', 'c', 'd', 'e']],
  ['attributeType list', { tags: { attributeType: 'list' } }, ['a', 'b', 'd', 'e']],
  ['attributeType string on a text column', { name: { attributeType: 'string' } }, ['a', 'b', 'c', 'e']],
  ['attributeType _null', { score: { attributeType: '_null' } }, ['c']],
  ['attributeType number on a text column is false', { name: { attributeType: 'number' } }, []],
  ['AWSJSON typed per value: map', { meta: { attributeType: 'map' } }, ['a']],
  ['AWSJSON typed per value: number', { meta: { attributeType: 'number' } }, ['d']],
  ['AWSJSON string value compares as a string', { meta: { beginsWith: 'fr' } }, ['b']],
  ['AWSJSON contains: list element or substring, never a map value', { meta: { contains: 'fruit' } }, ['b', 'c']],
  ['AWSJSON size of a map', { meta: { size: { eq: 1 } } }, ['a']],
  ['booleans are not ordered', { ok: { gt: false } }, []],
  ['a null operand is no constraint', { n: { gt: null } }, ['a', 'b', 'c', 'd', 'e']],
  ['not: null is ignored', { not: null }, ['a', 'b', 'c', 'd', 'e']],
  ['an empty or matches nothing', { or: [] }, []],
  ['an empty and matches everything', { and: [] }, ['a', 'b', 'c', 'd', 'e']],
];

function thing(prefix: string): ModelIR {
  return model(
    'Thing',
    [
      field('name'),
      field('n', 'Int'),
      field('score', 'Float'),
      field('ok', 'Boolean'),
      field('tags', 'String', { isArray: true }),
      field('meta', 'AWSJSON'),
    ],
    { tableName: `${prefix}thing`, implicit: [field('id', 'ID', { required: true, readOnly: true })] },
  );
}

describe.each(engines)('filter', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'filter → SQL'), () => {
    let store: RecordStore;
    let m: ModelIR;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const e = await engine.open();
      close = e.close;
      m = thing(e.prefix);
      await migrateModelTables(e.db, e.d, [m]);
      store = createSqlRecordStore(e.db, e.d);
      for (const r of ROWS) await store.insert(m, r);
    });
    afterAll(() => close?.());

    it.each(CASES)('%s', async (_name, filter, ids) => {
      const { rows } = await store.list(m, { filter, limit: 100 });
      expect(rows.map((r) => r.id)).toEqual(ids);
    });

    it('refuses an unknown field with a ValidationError', async () => {
      await expect(store.list(m, { filter: { nope: { eq: 1 } }, limit: 10 })).rejects.toMatchObject({ code: 'ValidationError' });
    });
  });
});
