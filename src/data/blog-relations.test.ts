/**
 * The model surface of a blog, compiled from a real `a.schema(...)` through the IR compiler and
 * served in process on SQLite: relationships (nested selection, hasMany paging/sort/filter,
 * belongsTo, lazy-loader calls), a secondary index with key conditions, a composite primary key,
 * enums, custom types and field defaults.
 */
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import { type Engine, engines, engineTitle } from '../../test/support/sql-engines.js';
import { makeDefinition } from '../backend/definition.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import { compileBackend } from '../ir/compile.js';
import type { DataIR } from '../ir/types.js';
import { createDataService } from './create-data-service.js';
import type { Caller, DataService } from './types.js';

const schema = a.schema({
  Author: a
    .model({ name: a.string().required(), posts: a.hasMany('Post', 'authorId'), profile: a.hasOne('Profile', 'authorId') })
    .authorization((allow) => [allow.publicApiKey()]),
  Profile: a
    .model({ bio: a.string(), authorId: a.id(), author: a.belongsTo('Author', 'authorId') })
    .authorization((allow) => [allow.publicApiKey()]),
  Post: a
    .model({
      title: a.string().required(),
      status: a.enum(['DRAFT', 'PUBLISHED']),
      createdAt: a.datetime(),
      meta: a.customType({ tags: a.string().array(), geo: a.customType({ lat: a.float(), lng: a.float() }) }),
      views: a.integer().default(7),
      authorId: a.id(),
      author: a.belongsTo('Author', 'authorId'),
      comments: a.hasMany('Comment', 'postId'),
    })
    .secondaryIndexes((index) => [index('status').sortKeys(['createdAt']).queryField('listPostByStatus')])
    .authorization((allow) => [allow.publicApiKey(), allow.authenticated().to(['read'])]),
  Comment: a
    .model({ content: a.string(), postId: a.id(), post: a.belongsTo('Post', 'postId') })
    .authorization((allow) => [allow.publicApiKey(), allow.owner()]),
  Reading: a
    .model({
      deviceId: a.string().required(),
      year: a.integer().required(),
      ts: a.string().required(),
      value: a.float(),
      notes: a.hasMany('Note', ['rDeviceId', 'rYear', 'rTs']),
    })
    .identifier(['deviceId', 'year', 'ts'])
    .authorization((allow) => [allow.publicApiKey()]),
  Note: a
    .model({
      text: a.string(),
      rDeviceId: a.string(),
      rYear: a.integer(),
      rTs: a.string(),
      reading: a.belongsTo('Reading', ['rDeviceId', 'rYear', 'rTs']),
    })
    .authorization((allow) => [allow.publicApiKey()]),
});

function compileData(): DataIR {
  const root = '/tmp/hearth-blog-relations';
  const data = makeDefinition('data', { schema }, join(root, 'amplify/data/resource.ts'));
  const { ir } = compileBackend({ resources: { data }, outputs: [], definedIn: join(root, 'amplify/backend.ts') }, root);
  if (!ir.data) throw new Error('no data');
  return ir.data;
}

const key = callers.apiKey();
const alice = callers.user('a-sub', 'alice');
const bob = callers.user('b-sub', 'bob');

type Json = any;

describe.each(engines)('blog data service', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'blog: relationships, indexes, composite keys'), () => {
    let data: DataService;
    let close: () => Promise<void>;
    const clock = clockAt('2025-01-01T00:00:00.000Z');
    const gql = async (caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Json> =>
      data.execute({ query, variables }, caller);
    const ok = async (caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Json> => {
      const res = await gql(caller, query, variables);
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    const createPost = async (id: string, status: string, at: string, extra: Record<string, unknown> = {}) =>
      ok(key, 'mutation ($i: CreatePostInput!) { createPost(input: $i) { id } }', {
        i: { id, title: `T-${id}`, status, createdAt: at, authorId: 'au1', ...extra },
      });

    beforeEach(async () => {
      const e = await engine.open();
      close = e.close;
      const compiled = compileData();
      // per-run table names, so runs on a shared PostgreSQL database never meet
      const ir = { ...compiled, models: compiled.models.map((m) => ({ ...m, tableName: `${e.prefix}${m.name}` })) };
      await migrateModelTables(e.db, e.d, ir.models);
      data = createDataService({ ir, records: createSqlRecordStore(e.db, e.d), clock, ids: countingIds(), cursorKey: Buffer.alloc(32, 3) });
      await ok(key, 'mutation { createAuthor(input: {id: "au1", name: "Ann"}) { id } }');
      await createPost('p1', 'PUBLISHED', '2025-03-01T00:00:00.000Z', { meta: { tags: ['x'], geo: { lat: 1.5, lng: 2 } } });
      await createPost('p2', 'DRAFT', '2025-02-01T00:00:00.000Z');
      await createPost('p3', 'PUBLISHED', '2025-01-01T00:00:00.000Z');
      await createPost('p4', 'PUBLISHED', '2025-02-01T00:00:00.000Z');
      for (const [id, content] of [
        ['c3', 'third'],
        ['c1', 'first'],
        ['c2', 'second'],
      ])
        await ok(key, 'mutation ($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { id, content, postId: 'p1' } });
    });

    afterEach(() => close?.());

    it('serves relationship fields and index queries in the SDL Amplify deploys', () => {
      expect(data.sdl).toContain(
        '  comments(filter: ModelCommentFilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): ModelCommentConnection\n',
      );
      expect(data.sdl).toContain('  author: Author\n');
      expect(data.sdl).toContain(
        'listPostByStatus(status: PostStatus!, createdAt: ModelStringKeyConditionInput, sortDirection: ModelSortDirection, filter: ModelPostFilterInput, limit: Int, nextToken: String): ModelPostConnection',
      );
      expect(data.sdl).toContain(
        'listReadings(deviceId: String, yearTs: ModelReadingPrimaryCompositeKeyConditionInput, filter: ModelReadingFilterInput, limit: Int, nextToken: String, sortDirection: ModelSortDirection)',
      );
      expect(data.sdl).toContain('getReading(deviceId: String!, year: Int!, ts: String!): Reading');
    });

    it('resolves a nested selection in one request', async () => {
      const res = await ok(
        key,
        '{ getPost(id: "p1") { title views meta { tags geo { lat lng } } author { name posts(limit: 1) { items { id } } } comments { items { content post { title } } nextToken } } }',
      );
      expect(res.getPost).toEqual({
        title: 'T-p1',
        views: 7,
        meta: { tags: ['x'], geo: { lat: 1.5, lng: 2 } },
        author: { name: 'Ann', posts: { items: [{ id: 'p1' }] } },
        comments: {
          items: [
            { content: 'first', post: { title: 'T-p1' } },
            { content: 'second', post: { title: 'T-p1' } },
            { content: 'third', post: { title: 'T-p1' } },
          ],
          nextToken: null,
        },
      });
    });

    it('pages, sorts and filters a hasMany field', async () => {
      const q =
        'query ($n: String, $d: ModelSortDirection, $f: ModelCommentFilterInput) { getPost(id: "p1") { comments(limit: 2, nextToken: $n, sortDirection: $d, filter: $f) { items { id } nextToken } } }';
      const first = (await ok(key, q)).getPost.comments;
      expect(first.items).toEqual([{ id: 'c1' }, { id: 'c2' }]);
      const second = (await ok(key, q, { n: first.nextToken })).getPost.comments;
      expect(second).toEqual({ items: [{ id: 'c3' }], nextToken: null });
      expect((await ok(key, q, { d: 'DESC' })).getPost.comments.items).toEqual([{ id: 'c3' }, { id: 'c2' }]);
      expect((await ok(key, q, { f: { content: { ne: 'first' } } })).getPost.comments.items).toEqual([{ id: 'c2' }, { id: 'c3' }]);
    });

    it("answers the client's lazy loaders: list filtered on the foreign key, get by the reference", async () => {
      const list = await ok(
        key,
        'query ($filter: ModelCommentFilterInput) { listComments(filter: $filter) { items { id postId } nextToken __typename } }',
        {
          filter: { and: [{ postId: { eq: 'p1' } }] },
        },
      );
      expect(list.listComments.items.map((c: Json) => c.id)).toEqual(['c1', 'c2', 'c3']);
      expect(await ok(key, 'query ($id: ID!) { getPost(id: $id) { id } }', { id: 'p1' })).toEqual({ getPost: { id: 'p1' } });
    });

    it('resolves hasOne from the child that references the parent, and null without one', async () => {
      expect(await ok(key, '{ getAuthor(id: "au1") { profile { bio } } }')).toEqual({ getAuthor: { profile: null } });
      await ok(key, 'mutation { createProfile(input: {id: "pr1", bio: "hello", authorId: "au1"}) { id } }');
      expect(await ok(key, '{ getAuthor(id: "au1") { profile { bio author { name } } } }')).toEqual({
        getAuthor: { profile: { bio: 'hello', author: { name: 'Ann' } } },
      });
    });

    it('returns null for a belongsTo without a reference and an empty hasMany for a record without children', async () => {
      await ok(key, 'mutation { createComment(input: {id: "lonely", content: "x"}) { id } }');
      expect(await ok(key, '{ getComment(id: "lonely") { post { id } } }')).toEqual({ getComment: { post: null } });
      expect(await ok(key, '{ getPost(id: "p2") { comments { items { id } nextToken } } }')).toEqual({
        getPost: { comments: { items: [], nextToken: null } },
      });
    });

    it("applies the related model's authorization to nested reads", async () => {
      await ok(alice, 'mutation { createComment(input: {id: "ca", content: "mine", postId: "p3"}) { id } }');
      await ok(bob, 'mutation { createComment(input: {id: "cb", content: "his", postId: "p3"}) { id } }');
      const q = '{ getPost(id: "p3") { title comments { items { id } } } }';
      expect((await ok(alice, q)).getPost.comments.items).toEqual([{ id: 'ca' }]);
      expect((await ok(key, q)).getPost.comments.items).toEqual([{ id: 'ca' }, { id: 'cb' }]);
      // Author allows only API keys: a signed-in reader gets the post, and an error for the author
      const res = await gql(alice, '{ getPost(id: "p3") { title author { name } } }');
      expect(res.data).toEqual({ getPost: { title: 'T-p3', author: null } });
      expect(res.errors?.[0]).toMatchObject({
        errorType: 'Unauthorized',
        path: ['getPost', 'author'],
        message: 'Not Authorized to access author on type Post',
      });
    });

    it('queries the secondary index with key conditions, in both directions, paged', async () => {
      const q = `query ($s: PostStatus!, $c: ModelStringKeyConditionInput, $d: ModelSortDirection, $l: Int, $n: String) {
      listPostByStatus(status: $s, createdAt: $c, sortDirection: $d, limit: $l, nextToken: $n) { items { id } nextToken } }`;
      const ids = async (v: Record<string, unknown>) =>
        (await ok(key, q, { s: 'PUBLISHED', ...v })).listPostByStatus.items.map((p: Json) => p.id);
      expect(await ids({})).toEqual(['p3', 'p4', 'p1']);
      expect(await ids({ d: 'DESC' })).toEqual(['p1', 'p4', 'p3']);
      expect(await ids({ c: { ge: '2025-02-01' } })).toEqual(['p4', 'p1']);
      expect(await ids({ c: { lt: '2025-02-01' } })).toEqual(['p3']);
      expect(await ids({ c: { between: ['2025-01-15', '2025-03-15'] }, d: 'DESC' })).toEqual(['p1', 'p4']);
      expect(await ids({ c: { beginsWith: '2025-02' } })).toEqual(['p4']);
      expect(await ids({ c: { eq: '2025-01-01T00:00:00.000Z' } })).toEqual(['p3']);
      const page1 = (await ok(key, q, { s: 'PUBLISHED', d: 'DESC', l: 2 })).listPostByStatus;
      expect(page1.items.map((p: Json) => p.id)).toEqual(['p1', 'p4']);
      const page2 = (await ok(key, q, { s: 'PUBLISHED', d: 'DESC', l: 2, n: page1.nextToken })).listPostByStatus;
      expect(page2).toEqual({ items: [{ id: 'p3' }], nextToken: null });
    });

    it('refuses a nextToken from another query', async () => {
      const page = (await ok(key, '{ listPosts(limit: 1) { nextToken } }')).listPosts;
      const res = await gql(key, 'query ($n: String) { listPostByStatus(status: PUBLISHED, nextToken: $n) { items { id } } }', {
        n: page.nextToken,
      });
      // the cursor's own refusal (its wording belongs to cursor.ts)
      expect(res.data).toEqual({ listPostByStatus: null });
      expect(res.errors?.[0]?.path).toEqual(['listPostByStatus']);
    });

    describe('composite primary key', () => {
      beforeEach(async () => {
        for (const [d, year, ts] of [
          ['d1', 2024, 'b'],
          ['d1', 9, 'a'],
          ['d1', 2024, 'a'],
          ['d1', 2025, 'a'],
          ['d2', 2024, 'a'],
        ] as const)
          await ok(key, 'mutation ($i: CreateReadingInput!) { createReading(input: $i) { deviceId } }', {
            i: { deviceId: d, year, ts, value: 1 },
          });
        await ok(key, 'mutation { createNote(input: {id: "n1", text: "hi", rDeviceId: "d1", rYear: 2024, rTs: "b"}) { id } }');
      });
      const listQ = `query ($d: String, $k: ModelReadingPrimaryCompositeKeyConditionInput, $s: ModelSortDirection) {
      listReadings(deviceId: $d, yearTs: $k, sortDirection: $s) { items { year ts } } }`;
      const keys = async (v: Record<string, unknown>) => (await ok(key, listQ, v)).listReadings.items.map((r: Json) => `${r.year}/${r.ts}`);

      it('gets by every key field and lists by partition key with composite conditions', async () => {
        expect(
          await ok(key, '{ getReading(deviceId: "d1", year: 2024, ts: "b") { value notes { items { text reading { year } } } } }'),
        ).toEqual({
          getReading: { value: 1, notes: { items: [{ text: 'hi', reading: { year: 2024 } }] } },
        });
        expect(await keys({ d: 'd1' })).toEqual(['9/a', '2024/a', '2024/b', '2025/a']);
        expect(await keys({ d: 'd1', s: 'DESC' })).toEqual(['2025/a', '2024/b', '2024/a', '9/a']);
        expect(await keys({ d: 'd1', k: { eq: { year: 2024 } } })).toEqual(['2024/a', '2024/b']);
        expect(await keys({ d: 'd1', k: { gt: { year: 2024, ts: 'a' } } })).toEqual(['2024/b', '2025/a']);
        expect(await keys({ d: 'd1', k: { between: [{ year: 10 }, { year: 2024, ts: 'a' }] } })).toEqual(['2024/a']);
        expect(await keys({ d: 'd1', k: { beginsWith: { year: 2024, ts: 'b' } } })).toEqual(['2024/b']);
      });

      it('refuses a sort-key condition without the partition key, and a later key without the earlier', async () => {
        const noPk = await gql(key, listQ, { k: { eq: { year: 2024 } } });
        expect(noPk.errors?.[0]).toMatchObject({
          errorType: 'ValidationError',
          message: "When providing argument 'yearTs' you must also provide 'deviceId'.",
        });
        const gap = await gql(key, listQ, { d: 'd1', k: { eq: { ts: 'a' } } });
        expect(gap.errors?.[0]?.message).toBe("When providing argument 'yearTs.eq.ts' you must also provide 'yearTs.eq.year'.");
      });
    });
  });
});
