import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import type { AuthRuleIR } from '../ir/types.js';
import { createDataService } from './create-data-service.js';
import { createPlainReads } from './execute/plain-read.js';
import { buildExecutableSchema } from './schema/index.js';
import type { Caller, DataService } from './types.js';

const readOnly = (r: AuthRuleIR): AuthRuleIR => ({ ...r, operations: ['get', 'list'] });

/** Every kind of leaf: nullable and not, enum, AWSJSON, numbers, a list; owner, group, API key and function access. */
const item = model(
  'Item',
  [
    field('name', 'String', { required: true }),
    field('status', { kind: 'enum', name: 'Status' }),
    field('meta', 'AWSJSON'),
    field('count', 'Int'),
    field('price', 'Float'),
    field('done', 'Boolean'),
    field('day', 'AWSDate'),
    field('tags', 'String', { isArray: true }),
  ],
  {
    authRules: [rules.owner(), readOnly(rules.groups(['admins'])), rules.publicApiKey()],
    trailing: [field('owner')],
  },
);
/** A composite key of two strings. */
const seat = model('Seat', [field('hall', 'String', { required: true }), field('code', 'String', { required: true }), field('label')], {
  primaryKey: { partitionKey: 'hall', sortKeys: ['code'], isCustom: true },
  implicit: [],
  authRules: [rules.publicApiKey()],
});
/** Field-level rules: `secret` is the owner's alone (graphql-js's field resolvers decide it). */
const note = model('Note', [field('title'), field('secret', 'String', { authRules: [rules.owner()] })], {
  authRules: [readOnly(rules.authenticated()), rules.owner()],
  trailing: [field('owner')],
});

const ir = dataIR([item, seat, note], {
  enums: [{ name: 'Status', values: ['OPEN', 'DONE'] }],
  resourceAccess: [{ functionName: 'reader', actions: ['query'] }],
});

const alice = callers.user('a-sub', 'alice');
const bob = callers.user('b-sub', 'bob');
const admin = callers.user('c-sub', 'carol', ['admins']);
const CALLERS: [string, Caller][] = [
  ['owner', alice],
  ['another user', bob],
  ['a group member', admin],
  ['the API key', callers.apiKey()],
  ['a function (IAM)', callers.fn('reader')],
  ['a guest (IAM)', callers.guest()],
];

const ALL = 'id name status meta count price done day owner createdAt updatedAt';
/** [what, query, variables]: the shapes a plan answers, and shapes it must leave to graphql-js. */
const DOCUMENTS: [string, string, Record<string, unknown>?][] = [
  ['every field', `query ($id: ID!) { getItem(id: $id) { ${ALL} } }`, { id: 'full' }],
  ['nulls', `query ($id: ID!) { getItem(id: $id) { ${ALL} } }`, { id: 'sparse' }],
  ['a list field', 'query ($id: ID!) { getItem(id: $id) { id tags } }', { id: 'full' }],
  ['no such record', `query ($id: ID!) { getItem(id: $id) { id name } }`, { id: 'nope' }],
  ['aliases and __typename', 'query Get($id: ID!) { it: getItem(id: $id) { __typename n: name id t: __typename } }', { id: 'full' }],
  ['a literal key', '{ getItem(id: "full") { id status meta } }'],
  ['a named fragment', 'query ($id: ID!) { getItem(id: $id) { ...F } } fragment F on Item { id name }', { id: 'full' }],
  ['an inline fragment', 'query ($id: ID!) { getItem(id: $id) { id ... on Item { name } } }', { id: 'full' }],
  ['@include', 'query ($id: ID!, $n: Boolean!) { getItem(id: $id) { id name @include(if: $n) } }', { id: 'full', n: false }],
  ['a repeated field', 'query ($id: ID!) { getItem(id: $id) { id name id } }', { id: 'full' }],
  ['a number for an ID', 'query ($id: ID!) { getItem(id: $id) { id } }', { id: 7 }],
  ['a missing variable', 'query ($id: ID!) { getItem(id: $id) { id } }', {}],
  ['a null variable', 'query ($id: ID!) { getItem(id: $id) { id } }', { id: null }],
  ['a nullable variable type', 'query ($id: ID) { getItem(id: $id) { id } }', { id: 'full' }],
  ['two operations', 'query A { getItem(id: "full") { id } } query B { getItem(id: "sparse") { name } }'],
  ['two root fields', '{ a: getItem(id: "full") { id } b: getItem(id: "sparse") { id } }'],
  [
    'a composite key',
    'query ($h: String!, $c: String!) { getSeat(hall: $h, code: $c) { hall code label __typename } }',
    { h: 'A', c: '12' },
  ],
  ['half a composite key', '{ getSeat(hall: "A") { hall } }'],
  ['field-level rules', 'query ($id: ID!) { getNote(id: $id) { id title secret owner } }', { id: 'note' }],
  ['a list', '{ listItems { items { id name } nextToken } }'],
  ['an unknown field', 'query ($id: ID!) { getItem(id: $id) { id colour } }', { id: 'full' }],
];

let generic: DataService;
let planned: DataService;

beforeAll(async () => {
  const db = connectSqlite(':memory:');
  await migrateModelTables(db, sqliteDialect, ir.models);
  // the generic side reads its rows through Kysely's driver (another Kysely on the same connection),
  // the planned side straight on the connection as the server does (record-store.ts's get)
  const service = (plainReads: boolean) =>
    createDataService({
      ir,
      records: createSqlRecordStore(plainReads ? db : db.withoutPlugins(), sqliteDialect),
      clock: clockAt(),
      ids: countingIds('x'),
      cursorKey: Buffer.alloc(32, 7),
      plainReads,
    });
  generic = service(false);
  planned = service(true);
  const create = async (caller: Caller, mutation: string, input: Record<string, unknown>) => {
    const r = await generic.execute(
      { query: `mutation ($input: ${inputOf(mutation)}!) { ${mutation}(input: $input) { __typename } }`, variables: { input } },
      caller,
    );
    expect(r.errors).toBeUndefined();
  };
  await create(alice, 'createItem', {
    id: 'full',
    name: 'Lamp',
    status: 'OPEN',
    meta: '{"w":40,"tags":["a"]}',
    count: 3,
    price: 12.5,
    done: false,
    day: '2025-01-02',
    tags: ['x', 'y'],
  });
  await create(alice, 'createItem', { id: 'sparse', name: 'Empty' });
  await create(callers.apiKey(), 'createSeat', { hall: 'A', code: '12', label: 'aisle' });
  await create(alice, 'createNote', { id: 'note', title: 't', secret: 's' });
});

function inputOf(mutation: string): string {
  return `${mutation[0]?.toUpperCase()}${mutation.slice(1)}Input`;
}

describe('plain reads answer exactly as graphql-js does', () => {
  for (const [who, caller] of CALLERS) {
    for (const [what, query, variables] of DOCUMENTS) {
      it(`${what}, read by ${who}`, async () => {
        const operationName = query.includes('query A') ? 'B' : undefined;
        const req = { query, variables, operationName };
        const expected = JSON.stringify(await generic.execute(req, caller));
        expect(JSON.stringify(await planned.execute(req, caller))).toBe(expected);
      });
    }
  }
});

describe('plain-read plans', () => {
  const { schema } = buildExecutableSchema(ir, {});
  const plans = createPlainReads(schema, new Set(['getItem', 'getSeat', 'getNote']));
  const planned = (what: string) => {
    const query = DOCUMENTS.find(([w]) => w === what)?.[1] as string;
    return plans(parse(query), query.includes('query A') ? 'B' : undefined) !== undefined;
  };

  it('cover a get with string keys and a selection of plain leaves', () => {
    for (const what of ['every field', 'nulls', 'aliases and __typename', 'a literal key', 'two operations', 'a composite key'])
      expect(planned(what), what).toBe(true);
  });

  it('leave fragments, directives, lists, field-level rules and other shapes to graphql-js', () => {
    const others = ['a list field', 'a named fragment', 'an inline fragment', '@include', 'a repeated field', 'two root fields'];
    for (const what of [...others, 'half a composite key', 'field-level rules', 'a list']) expect(planned(what), what).toBe(false);
  });
});
