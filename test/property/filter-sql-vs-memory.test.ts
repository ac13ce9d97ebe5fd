/**
 * The SQL filter compiler (src/db/sql/filter.ts) and the in-memory evaluator
 * (src/data/filter/evaluate.ts) must agree on every filter, on SQLite and on PostgreSQL: random
 * rows go in through the real RecordStore, random nested filters over every operator of the
 * generated inputs come out, and the SQL result set must equal the rows matchesFilter accepts.
 * Re-run a failure with HEARTH_PROPERTY_SEED=<seed printed in the failure>.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesFilter } from '../../src/data/filter/evaluate.js';
import type { FilterInput, RecordStore, Row } from '../../src/db/ports.js';
import { migrateModelTables } from '../../src/db/sql/model-tables.js';
import { createSqlRecordStore } from '../../src/db/sql/record-store.js';
import type { ModelIR } from '../../src/ir/types.js';
import { field, model } from '../support/data-builders.js';
import { type Engine, engines, engineTitle } from '../support/sql-engines.js';

const SEED = process.env.HEARTH_PROPERTY_SEED ? Number(process.env.HEARTH_PROPERTY_SEED) : Date.now() % 2 ** 31;
const RUNS = Number(process.env.HEARTH_PROPERTY_RUNS ?? 40);
const FILTERS_PER_RUN = 50;

function thing(prefix: string): ModelIR {
  const list = (name: string, t: 'String' | 'Int') => field(name, t, { isArray: true });
  return model(
    'Thing',
    [
      field('s'),
      field('t'),
      field('e', { kind: 'enum', name: 'Color' }),
      field('n', 'Int'),
      field('f', 'Float'),
      field('b', 'Boolean'),
      field('ts', 'AWSTimestamp'),
      list('tags', 'String'),
      list('nums', 'Int'),
      field('j', 'AWSJSON'),
      field('colors', { kind: 'enum', name: 'Color' }, { isArray: true }),
    ],
    { tableName: `${prefix}prop_thing`, implicit: [field('id', 'ID', { required: true })] },
  );
}

// ---------------------------------------------------------------- values: small pools so filters hit

const STRINGS = ['', 'a', 'ab', 'abc', 'abd', 'B', 'Ab', 'é', 'éa', 'e\u0301', '😀', 'a😀', '\uff01', '\u00ff', 'z', ' a', 'a b'];
// no NUL (PostgreSQL text cannot hold it); 'binary' gives whole code points, never lone surrogates
const str = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).filter((s) => !s.includes('\0')) },
);
const int = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const float = fc.oneof(
  fc.constantFrom(0, 0.5, -1.25, 2, 1e10),
  fc.integer({ min: -64, max: 64 }).map((x) => x / 8),
);
const color = fc.constantFrom('RED', 'GREEN', 'BLUE');
const json = fc.oneof(
  str,
  int,
  fc.boolean(),
  fc.array(str, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'c'), int, { maxKeys: 3 }),
);

const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  s: str,
  t: str,
  e: color,
  n: int,
  f: float,
  b: fc.boolean(),
  ts: fc.integer({ min: 0, max: 2_000_000_000 }),
  tags: fc.array(str, { maxLength: 4 }),
  nums: fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 4 }),
  j: json,
  colors: fc.array(color, { maxLength: 3 }),
};

/** A row: each field present, null, or absent. */
const rowArb = fc.record(Object.fromEntries(Object.entries(VALUES).map(([k, v]) => [k, fc.option(v, { nil: null, freq: 4 })])), {
  requiredKeys: [],
});

// ---------------------------------------------------------------- filters: the generated inputs' operators

const ATTRIBUTE_TYPES = ['binary', 'binarySet', 'bool', 'list', 'map', 'number', 'numberSet', 'string', 'stringSet', '_null'];
const COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

function opsFor(value: fc.Arbitrary<unknown>, names: string[]): fc.Arbitrary<Record<string, unknown>> {
  const one = (op: string): fc.Arbitrary<unknown> => {
    if (op === 'between') return fc.tuple(value, value);
    if (op === 'in' || op === 'notIn') return fc.array(fc.option(value, { freq: 6 }), { maxLength: 3 });
    if (op === 'attributeExists') return fc.boolean();
    if (op === 'attributeType') return fc.constantFrom(...ATTRIBUTE_TYPES);
    if (op === 'size') return opsFor(fc.integer({ min: 0, max: 8 }), [...COMPARE, 'between']);
    if (op === 'eq' || op === 'ne') return fc.option(value, { freq: 8 });
    return value;
  };
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...names).map((n) => [n]) },
      fc.uniqueArray(fc.constantFrom(...names), { minLength: 2, maxLength: 2 }),
    )
    .chain((ops) => fc.tuple(...ops.map((op) => one(op).map((v) => [op, v] as const))))
    .map((pairs) => Object.fromEntries(pairs));
}

const STRING_OPS = [
  ...COMPARE,
  'contains',
  'notContains',
  'between',
  'beginsWith',
  'attributeExists',
  'attributeType',
  'size',
  'in',
  'notIn',
];
const NUMBER_OPS = [...COMPARE, 'between', 'attributeExists', 'attributeType', 'in', 'notIn'];
const FIELD_FILTERS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  s: opsFor(str, STRING_OPS),
  t: opsFor(str, STRING_OPS),
  e: opsFor(color, ['eq', 'ne']),
  n: opsFor(int, NUMBER_OPS),
  f: opsFor(float, NUMBER_OPS),
  b: opsFor(fc.boolean(), ['eq', 'ne', 'attributeExists', 'attributeType']),
  ts: opsFor(fc.integer({ min: 0, max: 2_000_000_000 }), NUMBER_OPS),
  // list fields take their element's input (ModelStringInput / ModelIntInput), AWSJSON a string input
  tags: opsFor(str, STRING_OPS),
  nums: opsFor(fc.integer({ min: -3, max: 3 }), NUMBER_OPS),
  j: opsFor(str, STRING_OPS),
  // Model<Enum>ListInput: eq/ne take a whole list, contains/notContains one value
  colors: fc.oneof(opsFor(fc.array(color, { maxLength: 3 }), ['eq', 'ne']), opsFor(color, ['contains', 'notContains'])),
};

const leaf: fc.Arbitrary<FilterInput> = fc
  .uniqueArray(fc.constantFrom(...Object.keys(FIELD_FILTERS)), { minLength: 0, maxLength: 1 })
  .chain((names) => fc.tuple(...names.map((n) => (FIELD_FILTERS[n] as fc.Arbitrary<unknown>).map((v) => [n, v] as const))))
  .map((pairs) => Object.fromEntries(pairs));

function filterArb(depth: number): fc.Arbitrary<FilterInput> {
  if (depth === 0) return leaf;
  const sub = filterArb(depth - 1);
  const logic = fc.record(
    { and: fc.array(sub, { maxLength: 2 }), or: fc.array(sub, { minLength: 1, maxLength: 3 }), not: sub },
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 2, arbitrary: leaf }, { weight: 3, arbitrary: fc.tuple(leaf, logic).map(([a, b]) => ({ ...a, ...b })) });
}

// ---------------------------------------------------------------- the property

const tally = { none: 0, some: 0, all: 0 };
function stats(hits: number, total: number): void {
  tally[hits === 0 ? 'none' : hits === total ? 'all' : 'some']++;
}

describe.each(engines)('filter SQL vs memory', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'SQL result = matchesFilter'), () => {
    let store: RecordStore;
    let m: ModelIR;
    let clear: () => Promise<void>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const e = await engine.open();
      close = e.close;
      m = thing(e.prefix);
      await migrateModelTables(e.db, e.d, [m]);
      store = createSqlRecordStore(e.db, e.d);
      clear = async () => {
        await e.db.deleteFrom(m.tableName).execute();
      };
    });
    afterAll(async () => {
      if (process.env.HEARTH_PROPERTY_STATS) console.log(engine.name, 'filters matching no/some/all rows:', tally);
      await close?.();
    });

    it('agrees on random rows and random nested filters', async () => {
      const property = fc.asyncProperty(
        fc.array(rowArb, { minLength: 5, maxLength: 30 }),
        fc.array(filterArb(2), { minLength: FILTERS_PER_RUN, maxLength: FILTERS_PER_RUN }),
        async (rows, filters) => {
          await clear();
          for (const [i, r] of rows.entries()) await store.insert(m, { ...r, id: `r${String(i).padStart(3, '0')}` });
          const stored = (await store.list(m, { limit: 1000 })).rows;
          for (const filter of filters) {
            const fromSql = (await store.list(m, { filter, limit: 1000 })).rows.map((r: Row) => r.id);
            const inMemory = stored.filter((r) => matchesFilter(r, filter, m)).map((r) => r.id);
            expect({ filter, ids: fromSql }).toEqual({ filter, ids: inMemory });
            if (process.env.HEARTH_PROPERTY_STATS) stats(inMemory.length, stored.length);
          }
        },
      );
      try {
        await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: false });
      } catch (e) {
        const cause = (e as Error).cause ? `\ncause: ${String((e as Error).cause)}` : '';
        throw new Error(`filter SQL/memory disagreement on ${engine.name}; re-run with HEARTH_PROPERTY_SEED=${SEED}\n${String(e)}${cause}`);
      }
    }, 120_000);
  });
});
