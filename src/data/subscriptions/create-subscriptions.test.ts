import { beforeAll, describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../../test/support/data-fakes.js';
import { createSqlDatabase } from '../../db/sql/create-database.js';
import { createSqliteChangeFeed } from '../../db/sqlite/change-feed.js';
import { connectSqlite } from '../../db/sqlite/connect.js';
import { sqliteDialect } from '../../db/sqlite/dialect.js';
import { createDataService } from '../create-data-service.js';
import type { Caller, DataService, GraphQLResponse } from '../types.js';

const item = model('Item', [field('name'), field('tags', 'String', { isArray: true })], {
  authRules: [
    rules.publicApiKey(),
    rules.groups(['Admins']),
    // signed-in users may read but not listen: `.to(['get', 'list'])`
    { allow: 'private', provider: 'userPools', operations: ['get', 'list'] },
  ],
});
// `secret` is for Admins only: subscribers with the same document but another identity see different answers
const note = model('Note', [field('title'), field('secret', 'String', { authRules: [rules.groups(['Admins'])] })], {
  authRules: [rules.publicApiKey(), rules.groups(['Admins'])],
});
// owners' subscriptions with the same document differ by identity only
const memo = model('Memo', [field('text'), field('owner')], { authRules: [rules.owner()] });
const ir = dataIR([item, note, memo], { resourceAccess: [{ functionName: 'watcher', actions: ['listen'] }] });
let data: DataService;

beforeAll(async () => {
  const storage = createSqlDatabase(connectSqlite(':memory:'), sqliteDialect, createSqliteChangeFeed());
  await storage.migrate(ir.models);
  data = createDataService({
    ir,
    records: storage.records,
    changes: storage.changes,
    clock: clockAt(),
    ids: countingIds(),
    cursorKey: Buffer.alloc(32),
  });
});

function start(query: string, caller: Caller, variables: Record<string, unknown> = {}) {
  const got: GraphQLResponse[] = [];
  const r = data.subscribe?.({ query, variables }, caller, (x) => got.push(x));
  if (!r) throw new Error('the data service has no subscribe');
  return { r, got };
}
const create = (name: string, tags: string[] = []) =>
  data.execute(
    { query: 'mutation ($i: CreateItemInput!) { createItem(input: $i) { id } }', variables: { i: { name, tags } } },
    callers.apiKey(),
  );
const flush = () => new Promise((r) => setTimeout(r, 20));

describe('data service subscriptions', () => {
  it('grants listen by the rules: a static group and an IAM function with listen; refuses a read-only rule', async () => {
    expect(start('subscription { onCreateItem { id } }', callers.user('a', 'a', ['Admins'])).r.ok).toBe(true);
    expect(start('subscription { onCreateItem { id } }', callers.fn('watcher')).r.ok).toBe(true);
    expect(start('subscription { onCreateItem { id } }', callers.user('b', 'b')).r).toEqual({
      ok: false,
      errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onCreateItem on type Subscription' }],
    });
  });

  it('a failed conditional write publishes nothing; a list field filters with contains', async () => {
    const { got } = start('subscription ($f: ModelSubscriptionItemFilterInput) { onUpdateItem(filter: $f) { name } }', callers.apiKey(), {
      f: { tags: { contains: 'red' } },
    });
    const created = await create('n1', ['red']);
    const id = (created.data as { createItem: { id: string } }).createItem.id;
    const update = (name: string, condition?: unknown) =>
      data.execute(
        {
          query: 'mutation ($i: UpdateItemInput!, $c: ModelItemConditionInput) { updateItem(input: $i, condition: $c) { id } }',
          variables: { i: { id, name }, c: condition },
        },
        callers.apiKey(),
      );
    const refused = await update('never', { name: { eq: 'other' } });
    expect(refused.errors?.[0]?.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    await update('n2');
    await flush();
    expect(got).toEqual([{ data: { onUpdateItem: { name: 'n2' } } }]);
  });

  it('subscribers share an answer only with the same document, variables and identity', async () => {
    const doc = 'subscription ($f: ModelSubscriptionNoteFilterInput) { onCreateNote(filter: $f) { title secret } }';
    const keyA = start(doc, callers.apiKey());
    const keyB = start(doc, callers.apiKey());
    const admin = start(doc, callers.user('adm', 'adm', ['Admins']));
    const filtered = start(doc, callers.apiKey(), { f: { title: { eq: 'other' } } });
    await data.execute(
      { query: 'mutation ($i: CreateNoteInput!) { createNote(input: $i) { id } }', variables: { i: { title: 't1', secret: 's1' } } },
      callers.user('adm', 'adm', ['Admins']),
    );
    await flush();
    expect(admin.got).toEqual([{ data: { onCreateNote: { title: 't1', secret: 's1' } } }]);
    expect(keyA.got).toHaveLength(1);
    expect(keyA.got[0]?.data).toEqual({ onCreateNote: { title: 't1', secret: null } });
    expect(keyA.got[0]?.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['onCreateNote', 'secret'] });
    expect(keyB.got).toEqual(keyA.got);
    expect(filtered.got).toEqual([]);
  });

  it('whether an event goes out is decided per identity: an owner gets their records, not those of another owner', async () => {
    const doc = 'subscription { onCreateMemo { text } }';
    const [ann, bob] = [callers.user('ann', 'ann'), callers.user('bob', 'bob')];
    const toAnn = start(doc, ann);
    const toBob = start(doc, bob);
    const memoBy = (text: string, who: Caller) =>
      data.execute({ query: 'mutation ($i: CreateMemoInput!) { createMemo(input: $i) { id } }', variables: { i: { text } } }, who);
    await memoBy('from ann', ann);
    await memoBy('from bob', bob);
    await flush();
    expect(toAnn.got).toEqual([{ data: { onCreateMemo: { text: 'from ann' } } }]);
    expect(toBob.got).toEqual([{ data: { onCreateMemo: { text: 'from bob' } } }]);
  });

  it('unsubscribe stops delivery', async () => {
    const { r, got } = start('subscription { onCreateItem { name } }', callers.apiKey());
    await create('one');
    await flush();
    if (r.ok) r.unsubscribe();
    await create('two');
    await flush();
    expect(got).toEqual([{ data: { onCreateItem: { name: 'one' } } }]);
  });
});
