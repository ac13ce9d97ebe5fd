import { beforeEach, describe, expect, it } from 'vitest';
import { dataIR, field, model, rules, userProfileModel } from '../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import { createDataService } from './create-data-service.js';
import type { Caller, DataService, GraphQLResponse } from './types.js';

const SEL = 'id email profileOwner createdAt updatedAt';
const Q = {
  create: `mutation ($input: CreateUserProfileInput!) { createUserProfile(input: $input) { ${SEL} } }`,
  get: `query ($id: ID!) { getUserProfile(id: $id) { ${SEL} } }`,
  list: `query ($filter: ModelUserProfileFilterInput, $limit: Int, $nextToken: String) { listUserProfiles(filter: $filter, limit: $limit, nextToken: $nextToken) { items { ${SEL} } nextToken __typename } }`,
  update: `mutation ($input: UpdateUserProfileInput!, $condition: ModelUserProfileConditionInput) { updateUserProfile(input: $input, condition: $condition) { ${SEL} } }`,
  delete: `mutation ($input: DeleteUserProfileInput!) { deleteUserProfile(input: $input) { ${SEL} } }`,
};

const alice = callers.user('a-sub', 'alice');
const bob = callers.user('b-sub', 'bob');

async function setup(): Promise<DataService> {
  const db = connectSqlite(':memory:');
  const ir = dataIR([userProfileModel()], { resourceAccess: [{ functionName: 'postConfirmation', actions: ['query', 'mutate'] }] });
  await migrateModelTables(db, sqliteDialect, ir.models);
  return createDataService({
    ir,
    records: createSqlRecordStore(db, sqliteDialect),
    clock: clockAt(),
    ids: countingIds('up'),
    cursorKey: Buffer.alloc(32, 7),
  });
}

function run(data: DataService, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return data.execute({ query, variables }, caller);
}

function refusedShape(field: string, type: 'Query' | 'Mutation') {
  return {
    data: { [field]: null },
    errors: [
      {
        path: [field],
        data: null,
        errorType: 'Unauthorized',
        errorInfo: null,
        locations: [expect.objectContaining({ sourceName: null })],
        message: `Not Authorized to access ${field} on type ${type}`,
      },
    ],
  };
}

describe('owner authorization (allow.ownerDefinedIn, Gen 2 sub::username)', () => {
  let data: DataService;
  beforeEach(async () => {
    data = await setup();
  });

  it('create fills the owner field; read-back shows only the username', async () => {
    const res = await run(data, alice, Q.create, { input: { email: 'a@x' } });
    expect(res).toEqual({
      data: {
        createUserProfile: {
          id: 'up-0001',
          email: 'a@x',
          profileOwner: 'alice',
          createdAt: '2025-01-02T03:04:05.000Z',
          updatedAt: '2025-01-02T03:04:05.000Z',
        },
      },
    });
  });

  it.each([
    ['sub::username', 'a-sub::alice', 'alice'],
    ['sub', 'a-sub', 'a-sub'],
    ['username', 'alice', 'alice'],
    ["someone else's", 'b-sub::bob', undefined],
  ])('create with an explicit owner in the %s form reads back as %s', async (_form, owner, readBack) => {
    const res = await run(data, alice, Q.create, { input: { email: 'a@x', profileOwner: owner } });
    if (readBack) expect(res.data?.createUserProfile).toMatchObject({ profileOwner: readBack });
    else expect(res).toEqual(refusedShape('createUserProfile', 'Mutation'));
  });

  it('another user cannot get, update or delete; the owner can', async () => {
    await run(data, alice, Q.create, { input: { id: 'p1', email: 'a@x' } });
    expect(await run(data, bob, Q.get, { id: 'p1' })).toEqual(refusedShape('getUserProfile', 'Query'));
    expect(await run(data, bob, Q.update, { input: { id: 'p1', email: 'hacked' } })).toEqual(refusedShape('updateUserProfile', 'Mutation'));
    expect(await run(data, bob, Q.delete, { input: { id: 'p1' } })).toEqual(refusedShape('deleteUserProfile', 'Mutation'));
    expect((await run(data, alice, Q.get, { id: 'p1' })).data?.getUserProfile).toMatchObject({ email: 'a@x' });
  });

  it('a record written by hand as sub::username (PostConfirmation) belongs to the user', async () => {
    await run(data, callers.fn('postConfirmation'), Q.create, { input: { id: 'p9', profileOwner: 'b-sub::bob' } });
    expect((await run(data, bob, Q.get, { id: 'p9' })).data?.getUserProfile).toMatchObject({ id: 'p9', profileOwner: 'bob' });
  });

  it('list returns only the caller’s rows, paged with an opaque nextToken', async () => {
    for (const id of ['1', '2', '3']) await run(data, alice, Q.create, { input: { id: `a${id}` } });
    await run(data, bob, Q.create, { input: { id: 'b1' } });
    const first = await run(data, alice, Q.list, { limit: 2 });
    const page1 = first.data?.listUserProfiles as { items: { id: string }[]; nextToken: string; __typename: string };
    expect(page1.items.map((i) => i.id)).toEqual(['a1', 'a2']);
    expect(page1.__typename).toBe('ModelUserProfileConnection');
    const second = await run(data, alice, Q.list, { limit: 2, nextToken: page1.nextToken });
    expect(second.data?.listUserProfiles).toMatchObject({ items: [{ id: 'a3' }], nextToken: null });
    const bobs = await run(data, bob, Q.list);
    expect(bobs.data).toMatchObject({ listUserProfiles: { items: expect.any(Array) } });
    expect((bobs.data as { listUserProfiles: { items: unknown[] } }).listUserProfiles.items).toEqual([
      expect.objectContaining({ id: 'b1', profileOwner: 'bob' }),
    ]);
  });

  it('a forged nextToken is refused', async () => {
    const res = await run(data, alice, Q.list, { nextToken: `${Buffer.from('["zzz"]').toString('base64url')}.AAAA` });
    expect(res.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:UserIllegalArgumentException', path: ['listUserProfiles'] });
  });

  it('update patches, bumps updatedAt and honours the condition', async () => {
    await run(data, alice, Q.create, { input: { id: 'p1', email: 'old' } });
    const failed = await run(data, alice, Q.update, { input: { id: 'p1', email: 'new' }, condition: { email: { eq: 'other' } } });
    expect(failed.errors?.[0]).toMatchObject({
      errorType: 'DynamoDB:ConditionalCheckFailedException',
      message: expect.stringMatching(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: \w+\)$/),
    });
    const ok = await run(data, alice, Q.update, { input: { id: 'p1', email: 'new' }, condition: { email: { eq: 'old' } } });
    expect(ok.data?.updateUserProfile).toMatchObject({ email: 'new', profileOwner: 'alice' });
  });

  it('an API key is refused on a model without a publicApiKey rule', async () => {
    expect(await run(data, callers.apiKey(), Q.get, { id: 'x' })).toEqual(refusedShape('getUserProfile', 'Query'));
  });

  it('a function granted by allow.resource is admin; other IAM callers are refused', async () => {
    await run(data, alice, Q.create, { input: { id: 'p1' } });
    await run(data, bob, Q.create, { input: { id: 'p2' } });
    const list = await run(data, callers.fn('postConfirmation'), Q.list);
    expect((list.data as { listUserProfiles: { items: unknown[] } }).listUserProfiles.items).toHaveLength(2);
    expect(await run(data, callers.fn('other'), Q.get, { id: 'p1' })).toEqual(refusedShape('getUserProfile', 'Query'));
    expect(await run(data, callers.guest(), Q.get, { id: 'p1' })).toEqual(refusedShape('getUserProfile', 'Query'));
  });

  it('updating a missing record is a failed condition, not a crash', async () => {
    const res = await run(data, alice, Q.update, { input: { id: 'nope', email: 'x' } });
    expect(res.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException' });
  });
});

describe('other rules', () => {
  async function service(models: ReturnType<typeof model>[]) {
    const db = connectSqlite(':memory:');
    const ir = dataIR(models);
    await migrateModelTables(db, sqliteDialect, ir.models);
    return createDataService({
      ir,
      records: createSqlRecordStore(db, sqliteDialect),
      clock: clockAt(),
      ids: countingIds(),
      cursorKey: Buffer.alloc(32),
    });
  }

  it('publicApiKey allows an API key; static groups grant every record; a non-member is refused', async () => {
    const note = model('Note', [field('text')], { authRules: [rules.publicApiKey(), rules.groups(['Admins'])] });
    const data = await service([note]);
    const created = await run(data, callers.apiKey(), 'mutation { createNote(input: {id: "n1", text: "hi"}) { id text } }');
    expect(created).toEqual({ data: { createNote: { id: 'n1', text: 'hi' } } });
    expect((await run(data, callers.user('s', 'admin', ['Admins']), '{ getNote(id: "n1") { text } }')).data).toEqual({
      getNote: { text: 'hi' },
    });
    expect((await run(data, callers.user('s', 'joe'), '{ getNote(id: "n1") { text } }')).errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('allow.owner() with allow.authenticated(): any signed-in user reads all, owner still stamped', async () => {
    const todo = model('Todo', [field('content')], {
      authRules: [rules.owner(), rules.authenticated()],
      trailing: [field('owner', 'String', { readOnly: true })],
    });
    const data = await service([todo]);
    const c = await run(data, callers.user('a-sub', 'alice'), 'mutation { createTodo(input: {content: "x"}) { id owner } }');
    expect(c.data?.createTodo).toMatchObject({ owner: 'alice' });
    const l = await run(data, callers.user('b-sub', 'bob'), '{ listTodos { items { content owner } } }');
    expect(l.data).toEqual({ listTodos: { items: [{ content: 'x', owner: 'alice' }] } });
  });
});
