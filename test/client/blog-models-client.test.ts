/**
 * The unmodified aws-amplify v6 `client.models` against the data service in process (its HTTP
 * calls are handed to `DataService.execute`): custom selection sets over relationships, the lazy
 * loaders, a secondary-index query with a key condition and sort direction, and a composite
 * primary key. The documents are the client's own, so this checks the served schema's names and
 * argument types as the client uses them.
 */
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDefinition } from '../../src/backend/definition.js';
import { buildModelIntrospection } from '../../src/codegen/model-introspection.js';
import { createDataService } from '../../src/data/create-data-service.js';
import type { DataService } from '../../src/data/types.js';
import { migrateModelTables } from '../../src/db/sql/model-tables.js';
import { createSqlRecordStore } from '../../src/db/sql/record-store.js';
import { connectSqlite } from '../../src/db/sqlite/connect.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';
import { compileBackend } from '../../src/ir/compile.js';
import { callers, clockAt, countingIds } from '../support/data-fakes.js';

const schema = a
  .schema({
    Post: a
      .model({
        title: a.string().required(),
        status: a.enum(['DRAFT', 'PUBLISHED']),
        createdAt: a.datetime(),
        comments: a.hasMany('Comment', 'postId'),
      })
      .secondaryIndexes((index) => [index('status').sortKeys(['createdAt']).queryField('listPostByStatus')]),
    Comment: a.model({ content: a.string(), postId: a.id(), post: a.belongsTo('Post', 'postId') }),
    Reading: a
      .model({ deviceId: a.string().required(), year: a.integer().required(), ts: a.string().required(), value: a.float() })
      .identifier(['deviceId', 'year', 'ts']),
  })
  .authorization((allow) => [allow.publicApiKey()]);

const ENDPOINT = 'https://hearth.test/graphql';
let data: DataService;
const sent: string[] = [];
type Json = any;
let client: Json;

beforeAll(async () => {
  const root = '/tmp/hearth-blog-client';
  const def = makeDefinition('data', { schema }, join(root, 'amplify/data/resource.ts'));
  const { ir } = compileBackend({ resources: { data: def }, outputs: [], definedIn: join(root, 'amplify/backend.ts') }, root);
  if (!ir.data) throw new Error('no data');
  const db = connectSqlite(':memory:');
  await migrateModelTables(db, sqliteDialect, ir.data.models);
  data = createDataService({
    ir: ir.data,
    records: createSqlRecordStore(db, sqliteDialect),
    clock: clockAt(),
    ids: countingIds('x'),
    cursorKey: Buffer.alloc(32, 9),
  });
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url) !== ENDPOINT) return realFetch(url, init);
    const body = JSON.parse(String(init?.body)) as { query: string; variables?: Record<string, unknown> };
    sent.push(body.query);
    const res = await data.execute(body, callers.apiKey());
    return new Response(JSON.stringify(res), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  Amplify.configure({
    API: {
      GraphQL: {
        endpoint: ENDPOINT,
        region: 'us-east-1',
        defaultAuthMode: 'apiKey',
        apiKey: 'da2-test',
        modelIntrospection: buildModelIntrospection(ir.data) as never,
      },
    },
  });
  client = generateClient({ authMode: 'apiKey' });
  const posts: [string, string, string][] = [
    ['p1', 'PUBLISHED', '2025-03-01T00:00:00.000Z'],
    ['p2', 'DRAFT', '2025-02-01T00:00:00.000Z'],
    ['p3', 'PUBLISHED', '2025-01-01T00:00:00.000Z'],
  ];
  for (const [id, status, createdAt] of posts) await client.models.Post.create({ id, title: `T-${id}`, status, createdAt });
  for (const [id, content] of [
    ['c1', 'first'],
    ['c2', 'second'],
  ])
    await client.models.Comment.create({ id, content, postId: 'p1' });
  for (const [year, ts] of [
    [2024, 'b'],
    [2024, 'a'],
    [2025, 'a'],
  ] as const)
    await client.models.Reading.create({ deviceId: 'd1', year, ts, value: year });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('aws-amplify client.models over relationships, indexes and composite keys', () => {
  it('fetches nested relationships in one request with a custom selection set', async () => {
    const before = sent.length;
    const { data: post, errors } = await client.models.Post.get(
      { id: 'p1' },
      { selectionSet: ['id', 'title', 'comments.*', 'comments.post.title'] },
    );
    expect(errors).toBeUndefined();
    expect(sent.length - before).toBe(1);
    expect(post.comments.map((c: Json) => [c.content, c.post.title])).toEqual([
      ['first', 'T-p1'],
      ['second', 'T-p1'],
    ]);
  });

  it('follows hasMany and belongsTo with the lazy loaders', async () => {
    const { data: post } = await client.models.Post.get({ id: 'p1' });
    const { data: comments, errors } = await post.comments();
    expect(errors).toBeUndefined();
    expect(comments.map((c: Json) => c.id)).toEqual(['c1', 'c2']);
    const { data: parent } = await comments[0].post();
    expect(parent.title).toBe('T-p1');
  });

  it('queries the secondary index with a key condition, in both directions', async () => {
    const asc = await client.models.Post.listPostByStatus({ status: 'PUBLISHED' });
    expect(asc.errors).toBeUndefined();
    expect(asc.data.map((p: Json) => p.id)).toEqual(['p3', 'p1']);
    const desc = await client.models.Post.listPostByStatus({ status: 'PUBLISHED' }, { sortDirection: 'DESC' });
    expect(desc.data.map((p: Json) => p.id)).toEqual(['p1', 'p3']);
    const recent = await client.models.Post.listPostByStatus({ status: 'PUBLISHED', createdAt: { gt: '2025-02-01' } });
    expect(recent.data.map((p: Json) => p.id)).toEqual(['p1']);
  });

  it('gets and lists a composite primary key', async () => {
    const got = await client.models.Reading.get({ deviceId: 'd1', year: 2024, ts: 'a' });
    expect(got.errors).toBeUndefined();
    expect(got.data).toMatchObject({ deviceId: 'd1', year: 2024, ts: 'a', value: 2024 });
    const listed = await client.models.Reading.list({ deviceId: 'd1', yearTs: { beginsWith: { year: 2024 } }, sortDirection: 'DESC' });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((r: Json) => `${r.year}/${r.ts}`)).toEqual(['2024/b', '2024/a']);
  });
});
