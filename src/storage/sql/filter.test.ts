import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { type Engine, engines, engineTitle } from '../../../test/support/sql-engines.js';
import type { ModelIR } from '../../ir/types.js';
import type { FilterInput, RecordStore } from '../ports.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';

const ROWS = [
  { id: 'a', name: 'apple', n: 1, score: 1.5, ok: true, tags: ['red', 'fruit'] },
  { id: 'b', name: 'Apricot', n: 2, score: 2.5, ok: false, tags: ['orange'] },
  { id: 'c', name: 'banana', n: 3, score: null, ok: null, tags: null },
  { id: 'd', name: null, n: null, score: 4, ok: true, tags: [] },
  { id: 'e', name: 'ápple pie', n: 10, score: -1, ok: false, tags: ['fruit'] },
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
];

function thing(prefix: string): ModelIR {
  return model(
    'Thing',
    [field('name'), field('n', 'Int'), field('score', 'Float'), field('ok', 'Boolean'), field('tags', 'String', { isArray: true })],
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
