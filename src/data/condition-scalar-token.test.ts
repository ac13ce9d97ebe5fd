/**
 * Through GraphQL, as a client sees it: mutation conditions (create included), AppSync scalar
 * validation for inline values and variables, and nextToken (opaque, tamper-proof, bound to its
 * query, keyset-stable, default limit 100). Runs on SQLite, and PostgreSQL when configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataIR, field, model } from '../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import { type Engine, engines, engineTitle } from '../../test/support/sql-engines.js';
import type { RecordStore } from '../db/ports.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import type { ModelIR } from '../ir/types.js';
import { createDataService } from './create-data-service.js';
import type { DataService, GraphQLResponse } from './types.js';

const CONDITION_FAILED = /^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [A-Z0-9]{52}\)$/;

function models(prefix: string): ModelIR[] {
  const scalars = (
    ['AWSDate', 'AWSTime', 'AWSDateTime', 'AWSEmail', 'AWSURL', 'AWSPhone', 'AWSIPAddress', 'AWSTimestamp', 'AWSJSON'] as const
  ).map((t) => field(t.slice(3).toLowerCase(), t));
  return [
    model('Todo', [field('content'), field('priority', 'Int'), ...scalars], { tableName: `${prefix}todo` }),
    model('Note', [field('content')], { tableName: `${prefix}note` }),
  ];
}

describe.each(engines)('data service', (engine: Engine) => {
  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'conditions, scalars and nextToken'), () => {
    let data: DataService;
    let records: RecordStore;
    let todo: ModelIR;
    let close: () => Promise<void>;
    const run = (query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> =>
      data.execute({ query, variables }, callers.apiKey());
    const ids = async (filter?: unknown): Promise<string[]> => {
      const res = await run('query ($f: ModelTodoFilterInput) { listTodos(filter: $f, limit: 1000) { items { id } } }', { f: filter });
      const page = res.data?.listTodos as { items: { id: string }[] } | undefined;
      if (!page) throw new Error(`listTodos failed: ${JSON.stringify(res.errors)}`);
      return page.items.map((i) => i.id);
    };
    const clear = async () => {
      for (const id of await ids()) await records.delete(todo, { id });
    };

    beforeAll(async () => {
      const e = await engine.open();
      close = e.close;
      const ms = models(e.prefix);
      todo = ms[0] as ModelIR;
      await migrateModelTables(e.db, e.d, ms);
      records = createSqlRecordStore(e.db, e.d);
      data = createDataService({ ir: dataIR(ms), records, clock: clockAt(), ids: countingIds(), cursorKey: Buffer.alloc(32, 7) });
    });
    afterAll(() => close?.());

    describe('mutation conditions', () => {
      const create = 'mutation ($i: CreateTodoInput!, $c: ModelTodoConditionInput) { createTodo(input: $i, condition: $c) { id content } }';

      it('create tests its condition against the item that does not exist yet', async () => {
        await clear();
        const passes = await run(create, { i: { id: 'c1', content: 'x' }, c: { content: { attributeExists: false } } });
        expect(passes).toEqual({ data: { createTodo: { id: 'c1', content: 'x' } } });
        const negated = await run(create, { i: { id: 'c2', content: 'x' }, c: { not: { content: { eq: 'x' } } } });
        expect(negated.errors).toBeUndefined();
        const fails = await run(create, { i: { id: 'c3', content: 'x' }, c: { content: { eq: 'x' } } });
        expect(fails).toEqual({
          data: { createTodo: null },
          errors: [
            {
              path: ['createTodo'],
              data: null,
              errorType: 'DynamoDB:ConditionalCheckFailedException',
              errorInfo: null,
              locations: [{ line: 1, column: 64, sourceName: null }],
              message: expect.stringMatching(CONDITION_FAILED),
            },
          ],
        });
        expect(await ids()).toEqual(['c1', 'c2']);
      });

      it('update and delete write only when the condition holds on the stored item', async () => {
        await clear();
        await run(create, { i: { id: 'u1', content: 'old', priority: 2 } });
        const update = 'mutation ($i: UpdateTodoInput!, $c: ModelTodoConditionInput) { updateTodo(input: $i, condition: $c) { content } }';
        const refused = await run(update, { i: { id: 'u1', content: 'new' }, c: { priority: { gt: 2 } } });
        expect(refused.errors?.[0]).toMatchObject({
          errorType: 'DynamoDB:ConditionalCheckFailedException',
          message: expect.stringMatching(CONDITION_FAILED),
        });
        const done = await run(update, {
          i: { id: 'u1', content: 'new' },
          c: { and: [{ priority: { le: 2 } }, { content: { beginsWith: 'ol' } }] },
        });
        expect(done).toEqual({ data: { updateTodo: { content: 'new' } } });
        const del = 'mutation ($c: ModelTodoConditionInput) { deleteTodo(input: {id: "u1"}, condition: $c) { id } }';
        expect((await run(del, { c: { content: { ne: 'new' } } })).errors?.[0]?.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
        expect(await run(del, { c: { content: { size: { eq: 3 } } } })).toEqual({ data: { deleteTodo: { id: 'u1' } } });
      });
    });

    describe('AppSync scalars', () => {
      const GOOD = {
        date: '2024-02-29',
        time: '12:30:24.5-07:00',
        datetime: '1970-01-01T12:00:00.123456789Z',
        email: 'a.b+c@example.com',
        url: 'https://example.com/a?b=c',
        phone: '+1 206 555 0100',
        ipaddress: '2001:db8::1/64',
        timestamp: 1_700_000_000,
        json: '{"a":[1,"x"]}',
      };
      const BAD: [string, unknown][] = [
        ['date', '2025-02-29'],
        ['time', '24:00'],
        ['datetime', '2024-01-01T10:00:00'],
        ['email', 'not-an-email'],
        ['url', 'example.com'],
        ['phone', 'call me'],
        ['ipaddress', '300.1.1.1'],
        ['timestamp', 1.5],
        ['json', '{nope'],
      ];

      it('accepts valid values and returns them as sent (AWSJSON re-encoded)', async () => {
        const res = await run(`mutation ($i: CreateTodoInput!) { createTodo(input: $i) { ${Object.keys(GOOD).join(' ')} } }`, {
          i: { id: 's1', ...GOOD },
        });
        expect(res).toEqual({ data: { createTodo: GOOD } });
      });

      it.each(BAD)('refuses a bad %s in a variable, storing nothing', async (name, value) => {
        await clear();
        const res = await run('mutation ($i: CreateTodoInput!) { createTodo(input: $i) { id } }', { i: { id: 'bad', [name]: value } });
        expect(res.data).toBeNull();
        expect(res.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringContaining(`"$i"`) });
        expect(await ids()).toEqual([]);
      });

      it.each(BAD)('refuses a bad %s written inline', async (name, value) => {
        const res = await run(`mutation { createTodo(input: {id: "bad", ${name}: ${JSON.stringify(value)}}) { id } }`);
        expect(res.data).toBeNull();
        expect(res.errors?.[0]?.errorType).toBe('ValidationError');
      });

      it('validates scalars inside filters too', async () => {
        const res = await run('query ($f: ModelTodoFilterInput) { listTodos(filter: $f) { items { id } } }', {
          f: { email: { eq: 'nope' } },
        });
        // filters on AppSync scalars take ModelStringInput: any string is a valid operand
        expect(res.errors).toBeUndefined();
        const ts = await run('query { listTodos(filter: {timestamp: {gt: "soon"}}) { items { id } } }');
        expect(ts.errors?.[0]?.errorType).toBe('ValidationError');
      });
    });

    describe('nextToken', () => {
      const page =
        'query ($f: ModelTodoFilterInput, $l: Int, $t: String) { listTodos(filter: $f, limit: $l, nextToken: $t) { items { id } nextToken } }';
      const list = async (vars: Record<string, unknown>) => {
        const res = await run(page, vars);
        return { res, page: res.data?.listTodos as { items: { id: string }[]; nextToken: string | null } | null };
      };
      const seed = async (names: string[]) => {
        await clear();
        for (const id of names) await run('mutation ($i: CreateTodoInput!) { createTodo(input: $i) { id } }', { i: { id, content: id } });
      };

      it('pages by key, so rows inserted meanwhile neither repeat nor shift a page', async () => {
        await seed(['a', 'b', 'c', 'd', 'e']);
        const first = await list({ l: 2 });
        expect(first.page?.items.map((i) => i.id)).toEqual(['a', 'b']);
        await seed([]); // emptied and refilled around the cursor
        for (const id of ['a', 'aa', 'b', 'bb', 'c', 'd', 'e']) await records.insert(todo, { id, content: id });
        const second = await list({ l: 3, t: first.page?.nextToken });
        expect(second.page?.items.map((i) => i.id)).toEqual(['bb', 'c', 'd']);
        const last = await list({ l: 3, t: second.page?.nextToken });
        expect(last.page).toEqual({ items: [{ id: 'e' }], nextToken: null });
      });

      it('is opaque: the row keys cannot be read from it', async () => {
        await seed(['secret-key-1', 'secret-key-2']);
        const { page: p } = await list({ l: 1 });
        expect(p?.nextToken).toBeTruthy();
        expect(Buffer.from(p?.nextToken as string, 'base64url').toString('latin1')).not.toContain('secret');
      });

      it('refuses a modified, forged or foreign token in AppSync words', async () => {
        await seed(['a', 'b', 'c']);
        const token = (await list({ l: 1 })).page?.nextToken as string;
        const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
        const other = (await run('query { listNotes(limit: 1) { nextToken } }')).data;
        expect(other).toEqual({ listNotes: { nextToken: null } });
        for (const bad of [flipped, 'bm90IGEgdG9rZW4', `${token}x`, 'eyJpZCI6ImEifQ.AAAA']) {
          const { res } = await list({ l: 1, t: bad });
          expect(res).toMatchObject({
            data: { listTodos: null },
            errors: [
              { path: ['listTodos'], errorType: 'DynamoDB:UserIllegalArgumentException', message: 'Invalid pagination token given.' },
            ],
          });
        }
        const noteToken = await run('query ($t: String) { listNotes(nextToken: $t) { items { id } } }', { t: token });
        expect(noteToken.errors?.[0]?.errorType).toBe('DynamoDB:UserIllegalArgumentException');
      });

      it('is bound to the filter it was issued for, but not to the page size', async () => {
        await seed(['a', 'b', 'c', 'd']);
        const filter = { content: { ne: 'zzz' } };
        const token = (await list({ f: filter, l: 1 })).page?.nextToken;
        const sameFilterReordered = await list({ f: { content: { ne: 'zzz' } }, l: 2, t: token });
        expect(sameFilterReordered.page?.items.map((i) => i.id)).toEqual(['b', 'c']);
        const otherFilter = await list({ f: { content: { ne: 'yyy' } }, l: 2, t: token });
        expect(otherFilter.res.errors?.[0]?.errorType).toBe('DynamoDB:UserIllegalArgumentException');
        const noFilter = await list({ l: 2, t: token });
        expect(noFilter.res.errors?.[0]?.errorType).toBe('DynamoDB:UserIllegalArgumentException');
      });

      it('defaults limit to 100 and refuses a limit below 1', async () => {
        await clear();
        for (let i = 0; i < 101; i++) await records.insert(todo, { id: `r${String(i).padStart(3, '0')}` });
        const { page: p } = await list({});
        expect(p?.items).toHaveLength(100);
        expect(p?.nextToken).toBeTruthy();
        const rest = await list({ t: p?.nextToken });
        expect(rest.page).toEqual({ items: [{ id: 'r100' }], nextToken: null });
        const zero = await list({ l: 0 });
        expect(zero.res.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['listTodos'] });
      });
    });
  });
});
