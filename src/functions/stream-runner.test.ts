/**
 * The stream runner against the real stream store (SQLite in memory, and PostgreSQL when
 * HEARTH_TEST_DATABASE_URL is set) with a scripted function: Lambda's stream failure semantics.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, model } from '../../test/support/data-builders.js';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import type { InvocationStore, RecordStore } from '../db/ports.js';
import { createInvocationTables, createSqlInvocationStore } from '../db/sql/invocation-store.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import { createSqlStreamStore, createStreamTables, streamingRecordStore } from '../db/sql/stream-store.js';
import type { ModelIR, StreamMappingIR } from '../ir/types.js';
import { systemClock } from '../util/clock.js';
import { randomIds } from '../util/ids.js';
import { createLogger } from '../util/logger.js';
import { createStreamRunner } from './stream-runner.js';
import type { InvokeResult } from './types.js';

type Batch = { Records: { eventName: string; dynamodb: { Keys: { id: { S: string } } } }[] };

describe.each(STORE_ENGINES)('stream runner on $name', (engine) => {
  let db: Kysely<any>;
  let drop: () => Promise<void>;
  let records: RecordStore;
  let invocations: InvocationStore;
  let todo: ModelIR;
  let seen: string[][];
  let answers: InvokeResult[];
  const lines: string[] = [];

  const runner = (over: Partial<StreamMappingIR> = {}, retryDelay = 0) =>
    createStreamRunner({
      mappings: () => [
        {
          id: 'fn:Todo:m',
          functionName: 'fn',
          model: 'Todo',
          tableName: todo.tableName,
          eventSourceArn: 'arn',
          startingPosition: 'TRIM_HORIZON',
          batchSize: 100,
          maxBatchingWindowMs: 0,
          retryAttempts: -1,
          reportBatchItemFailures: false,
          enabled: true,
          at: 'amplify/backend.ts:1',
          ...over,
        },
      ],
      store: createSqlStreamStore(db, engine.dialect),
      functions: {
        invoke: async (_name, event) => {
          seen.push((event as Batch).Records.map((r) => r.dynamodb.Keys.id.S));
          return answers.shift() ?? { ok: true, result: null };
        },
      },
      region: 'us-east-1',
      clock: systemClock,
      ids: randomIds,
      logger: createLogger({ out: (l) => lines.push(l) }),
      retryDelayMs: () => retryDelay,
    });

  beforeEach(async () => {
    if (engine.skip) return;
    const opened = await engine.open();
    db = opened.db;
    drop = opened.drop;
    todo = { ...model('Todo', [field('content')]), streamed: true };
    await migrateModelTables(db, engine.dialect, [todo]);
    await createStreamTables(db, engine.dialect);
    await createInvocationTables(db, engine.dialect);
    records = streamingRecordStore(db, engine.dialect, createSqlRecordStore(db, engine.dialect));
    invocations = createSqlInvocationStore(db, engine.dialect);
    seen = [];
    answers = [];
  });
  afterEach(async () => {
    if (engine.skip) return;
    await db.destroy();
    await drop();
  });

  const fail: InvokeResult = { ok: false, kind: 'error', errorType: 'Error', errorMessage: 'boom' };

  it.skipIf(engine.skip)('retries a thrown batch whole and in order, then shows it succeeded on retry', async () => {
    const r = runner({}, 200);
    for (const id of ['a', 'b', 'c']) await records.insert(todo, { id });
    answers = [fail];
    await r.kick();
    const [failure] = await invocations.list({ limit: 10 });
    expect(failure).toMatchObject({ functionName: 'fn', source: 'dynamodb:Todo', status: 'retrying', lastError: 'Error: boom' });
    await new Promise((res) => setTimeout(res, 250));
    await r.kick();
    await r.stop();
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    expect(await invocations.get(failure!.id)).toMatchObject({ status: 'succeeded-on-retry', attempts: 2, lastError: 'Error: boom' });
  });

  it.skipIf(engine.skip)(
    'a LATEST mapping starts where start() left it: a write made before is not delivered, one made after is',
    async () => {
      const r = runner({ startingPosition: 'LATEST' });
      await records.insert(todo, { id: 'before' });
      await r.start();
      await records.insert(todo, { id: 'after' });
      await r.kick();
      await r.stop();
      expect(seen).toEqual([['after']]);
    },
  );

  it.skipIf(engine.skip)('with ReportBatchItemFailures resumes at the first failed record', async () => {
    const r = runner({ reportBatchItemFailures: true });
    for (const id of ['a', 'b', 'c']) await records.insert(todo, { id });
    answers = [{ ok: true, result: { batchItemFailures: [{ itemIdentifier: '100000000000000000002' }] } }];
    await r.kick();
    await r.kick();
    await r.stop();
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
  });

  it.skipIf(engine.skip)('drops a batch after retryAttempts and keeps it as failed; later records flow', async () => {
    const r = runner({ retryAttempts: 1 });
    await records.insert(todo, { id: 'a' });
    answers = [fail, fail];
    await r.kick();
    await r.kick();
    await records.insert(todo, { id: 'b' });
    await r.kick();
    await r.stop();
    expect(seen).toEqual([['a'], ['a'], ['b']]);
    const [failure] = await invocations.list({ limit: 10 });
    expect(failure).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2 });
    expect(lines.join('\n')).toMatch(/batch dropped after 2 attempts/);
  });

  it.skipIf(engine.skip)('waits up to maxBatchingWindow to fill a batch', async () => {
    const r = runner({ maxBatchingWindowMs: 300, batchSize: 3 });
    await records.insert(todo, { id: 'a' });
    await r.kick();
    expect(seen).toEqual([]);
    await records.insert(todo, { id: 'b' });
    await new Promise((res) => setTimeout(res, 350));
    await r.kick();
    await r.stop();
    expect(seen).toEqual([['a', 'b']]);
  });
});
