import { describe, expect, it } from 'vitest';
import { dataIR, field, model } from '../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import type { RecordStore } from '../db/ports.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import type { ModelIR } from '../ir/types.js';
import { createDataService } from './create-data-service.js';

const todo = model('Todo', [field('content'), field('meta', 'AWSJSON'), field('tags', 'String', { isArray: true })]);

async function service(records?: RecordStore) {
  const db = connectSqlite(':memory:');
  await migrateModelTables(db, sqliteDialect, [todo]);
  const ir = dataIR([todo]);
  return createDataService({
    ir,
    records: records ?? createSqlRecordStore(db, sqliteDialect),
    clock: clockAt(),
    ids: countingIds(),
    cursorKey: Buffer.alloc(32),
  });
}

describe('createDataService', () => {
  it('exposes the served SDL without AppSync declarations', async () => {
    const data = await service();
    expect(data.sdl).toContain('type Todo @aws_iam @aws_api_key {');
    expect(data.sdl).not.toContain('scalar AWSDateTime');
  });

  it('reports validation errors with data null and AppSync-style locations', async () => {
    const data = await service();
    const res = await data.execute({ query: '{ getTodo(id: "1") { nope } }' }, callers.apiKey());
    expect(res).toEqual({
      data: null,
      errors: [
        { errorType: 'ValidationError', message: expect.stringContaining('nope'), locations: [{ line: 1, column: 22, sourceName: null }] },
      ],
    });
    const syntax = await data.execute({ query: '{ getTodo(' }, callers.apiKey());
    expect(syntax).toMatchObject({ data: null, errors: [{ errorType: 'ValidationError' }] });
  });

  it('reports a wrongly typed variable as a ValidationError', async () => {
    const data = await service();
    const res = await data.execute({ query: 'query ($id: ID!) { getTodo(id: $id) { id } }', variables: {} }, callers.apiKey());
    expect(res).toMatchObject({ data: null, errors: [{ errorType: 'ValidationError' }] });
  });

  it('never serialises a raw exception', async () => {
    const failing = { get: async () => Promise.reject(new Error('disk on fire at /var/x')) } as unknown as RecordStore;
    const data = await service(failing);
    const res = await data.execute({ query: '{ getTodo(id: "1") { id } }' }, callers.apiKey());
    expect(res).toEqual({
      data: { getTodo: null },
      errors: [
        {
          path: ['getTodo'],
          data: null,
          errorType: 'InternalFailure',
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: 'An internal error occurred',
        },
      ],
    });
  });

  it('takes AWSJSON as a JSON string, stores it parsed and returns a JSON string; lists round-trip', async () => {
    const data = await service();
    const res = await data.execute(
      {
        query: 'mutation ($i: CreateTodoInput!) { createTodo(input: $i) { id meta tags } }',
        variables: { i: { meta: '{"a":[1,2]}', tags: ['x', 'y'] } },
      },
      callers.apiKey(),
    );
    expect(res).toEqual({ data: { createTodo: { id: 'id-0001', meta: '{"a":[1,2]}', tags: ['x', 'y'] } } });
    const bad = await data.execute({ query: 'mutation { createTodo(input: {meta: "{nope"}) { id } }' }, callers.apiKey());
    expect(bad.errors?.[0]?.errorType).toBe('ValidationError');
  });

  it('refuses subscriptions over HTTP with a clear error', async () => {
    const data = await service();
    const res = await data.execute({ query: 'subscription { onCreateTodo { id } }' }, callers.apiKey());
    expect(res.errors?.[0]).toMatchObject({ errorType: 'UnsupportedOperation' });
  });

  it('creates a duplicate id as a failed condition', async () => {
    const data = await service();
    const q = 'mutation { createTodo(input: {id: "same"}) { id } }';
    await data.execute({ query: q }, callers.apiKey());
    const res = await data.execute({ query: q }, callers.apiKey());
    expect(res.errors?.[0]).toMatchObject({
      errorType: 'DynamoDB:ConditionalCheckFailedException',
      message: expect.stringMatching(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: \w+\)$/),
    });
  });

  it('builds a service for models with relationship fields', async () => {
    const members = field(
      'members',
      { kind: 'model', name: 'Member' },
      { isArray: true, association: { connectionType: 'HAS_MANY', references: ['teamId'] } },
    );
    const withRel: ModelIR = model('Team', [field('name'), members]);
    expect(() =>
      createDataService({
        ir: dataIR([withRel, model('Member', [field('teamId', 'ID')])]),
        records: {} as RecordStore,
        clock: clockAt(),
        ids: countingIds(),
        cursorKey: Buffer.alloc(32),
      }),
    ).not.toThrow();
  });
});
