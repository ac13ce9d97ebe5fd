/**
 * Stream records commit with the model write that caused them (architecture decision 12), in the
 * table's commit order, and a mapping's batch is taken by one instance at a time. On SQLite, and on
 * PostgreSQL when HEARTH_TEST_DATABASE_URL is set.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, model } from '../../../test/support/data-builders.js';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import type { ModelIR } from '../../ir/types.js';
import type { InvocationRecord, RecordStore, StreamStore } from '../ports.js';
import { createInvocationTables, createSqlInvocationStore } from './invocation-store.js';
import { migrateModelTables } from './model-tables.js';
import { createSqlRecordStore } from './record-store.js';
import { createSqlStreamStore, createStreamTables, streamingRecordStore } from './stream-store.js';

describe.each(STORE_ENGINES)('stream store on $name', (engine) => {
  let db: Kysely<any>;
  let drop: () => Promise<void>;
  let records: RecordStore;
  let streams: StreamStore;
  let todo: ModelIR;
  let plainModel: ModelIR;

  beforeEach(async () => {
    if (engine.skip) return;
    const opened = await engine.open();
    db = opened.db;
    drop = opened.drop;
    todo = { ...model('Todo', [field('content'), field('done', 'Boolean'), field('meta', 'AWSJSON')]), streamed: true };
    plainModel = model('Plain', [field('content')]);
    await migrateModelTables(db, engine.dialect, [todo, plainModel]);
    await createStreamTables(db, engine.dialect);
    await createInvocationTables(db, engine.dialect);
    records = streamingRecordStore(db, engine.dialect, createSqlRecordStore(db, engine.dialect));
    streams = createSqlStreamStore(db, engine.dialect);
  });
  afterEach(async () => {
    if (engine.skip) return;
    await db.destroy();
    await drop();
  });

  it.skipIf(engine.skip)('writes a record per write of a streamed model, with DynamoDB JSON keys and images', async () => {
    await streams.open('m', todo.tableName, 'TRIM_HORIZON');
    const at = '2026-01-01T00:00:00.000Z';
    await records.insert(todo, { id: 't1', content: 'a', done: false, meta: { n: 1 }, createdAt: at, updatedAt: at });
    await records.update(todo, { id: 't1' }, { done: true, content: null });
    await records.delete(todo, { id: 't1' });
    await records.insert(plainModel, { id: 'p1', content: 'not streamed', createdAt: at, updatedAt: at });
    const got = (await streams.peek('m', Date.now(), 10))!.records;
    expect(got.map((r) => [r.seq, r.eventName])).toEqual([
      [1, 'INSERT'],
      [2, 'MODIFY'],
      [3, 'REMOVE'],
    ]);
    const first = {
      __typename: { S: 'Todo' },
      id: { S: 't1' },
      content: { S: 'a' },
      done: { BOOL: false },
      meta: { M: { n: { N: '1' } } },
    };
    expect(got[0]).toMatchObject({ keys: { id: { S: 't1' } }, newImage: { ...first, createdAt: { S: at } } });
    expect(got[0]!.oldImage).toBeUndefined();
    expect(got[1]!.oldImage).toMatchObject(first);
    expect(got[1]!.newImage).toMatchObject({ done: { BOOL: true } });
    expect(got[1]!.newImage!.content).toBeUndefined();
    expect(got[2]!.newImage).toBeUndefined();
    expect(got[2]!.oldImage).toMatchObject({ done: { BOOL: true } });
  });

  it.skipIf(engine.skip)('a write that fails its condition leaves no record and uses no sequence number', async () => {
    await streams.open('m', todo.tableName, 'TRIM_HORIZON');
    await records.insert(todo, { id: 't1', content: 'a' });
    await expect(records.insert(todo, { id: 't1', content: 'again' })).rejects.toMatchObject({ code: 'ConditionalCheckFailed' });
    await expect(records.update(todo, { id: 'missing' }, { content: 'x' })).rejects.toMatchObject({ code: 'ConditionalCheckFailed' });
    await records.insert(todo, { id: 't2', content: 'b' });
    const got = (await streams.peek('m', Date.now(), 10))!.records;
    expect(got.map((r) => r.seq)).toEqual([1, 2]);
    expect(await records.get(todo, { id: 't1' })).toMatchObject({ content: 'a' });
  });

  it.skipIf(engine.skip)('LATEST starts after the records already written; TRIM_HORIZON before the oldest', async () => {
    await records.insert(todo, { id: 'before', content: 'a' });
    await streams.open('latest', todo.tableName, 'LATEST');
    await streams.open('trim', todo.tableName, 'TRIM_HORIZON');
    await records.insert(todo, { id: 'after', content: 'b' });
    const ids = async (m: string) => (await streams.peek(m, Date.now(), 10))!.records.map((r) => r.keys.id!.S);
    expect(await ids('latest')).toEqual(['after']);
    expect(await ids('trim')).toEqual(['before', 'after']);
    // opening again keeps the position (a restart resumes where the mapping was)
    await streams.open('latest', todo.tableName, 'TRIM_HORIZON');
    expect(await ids('latest')).toEqual(['after']);
  });

  it.skipIf(engine.skip)('one claimant takes a batch; settling moves the checkpoint and writes the failure row', async () => {
    await streams.open('m', todo.tableName, 'TRIM_HORIZON');
    await records.insert(todo, { id: 't1', content: 'a' });
    await records.insert(todo, { id: 't2', content: 'b' });
    const now = Date.now();
    const { position } = (await streams.peek('m', now, 10))!;
    const claims = await Promise.all([
      streams.claim('m', { now, leaseUntil: now + 1000, checkpoint: position.checkpoint }),
      streams.claim('m', { now, leaseUntil: now + 2000, checkpoint: position.checkpoint }),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const lease = claims[0] ? now + 1000 : now + 2000;
    expect(await streams.peek('m', now, 10)).toBeUndefined();
    const failure: InvocationRecord = {
      id: 'f1',
      functionName: 'fn',
      source: 'dynamodb:Todo',
      event: { Records: [] },
      status: 'retrying',
      attempts: 1,
      maxAttempts: 2,
      lastError: 'boom',
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
      leaseUntil: Number.MAX_SAFE_INTEGER,
    };
    // a settle under a lease that is not the holder's changes nothing
    await streams.settle('m', lease + 1, { now, checkpoint: 2, attempts: 0, nextAttemptAt: 0 });
    await streams.settle('m', lease, { now, checkpoint: 1, attempts: 1, nextAttemptAt: now + 500, failureId: 'f1', invocation: failure });
    expect(await streams.peek('m', now, 10)).toBeUndefined();
    const later = await streams.peek('m', now + 500, 10);
    expect(later?.position).toMatchObject({ checkpoint: 1, attempts: 1, failureId: 'f1' });
    expect(later?.records.map((r) => r.keys.id!.S)).toEqual(['t2']);
    const invocations = createSqlInvocationStore(db, engine.dialect);
    expect(await invocations.get('f1')).toMatchObject({ status: 'retrying', lastError: 'boom' });
    // held by its stream: the invocation queue does not run it
    expect(await invocations.due(now + 10_000_000, 10)).toEqual([]);
    await streams.claim('m', { now: now + 500, leaseUntil: now + 5000, checkpoint: 1 });
    const done = { ...failure, status: 'succeeded-on-retry' as const, attempts: 2, updatedAt: now + 600, leaseUntil: 0 };
    await streams.settle('m', now + 5000, { now: now + 600, checkpoint: 2, attempts: 0, nextAttemptAt: 0, invocation: done });
    expect(await invocations.get('f1')).toMatchObject({ status: 'succeeded-on-retry', attempts: 2 });
    expect((await streams.peek('m', now + 600, 10))?.records).toEqual([]);
  });

  it.skipIf(engine.skip)('trims records older than the retention', async () => {
    await streams.open('m', todo.tableName, 'TRIM_HORIZON');
    await records.insert(todo, { id: 't1', content: 'a' });
    await streams.trim(Date.now() + 1);
    expect((await streams.peek('m', Date.now(), 10))?.records).toEqual([]);
  });
});
