import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgSchema, pgUrl } from '../../test/support/pg-schema.js';
import { connectPostgres } from '../db/postgres/connect.js';
import { postgresDialect } from '../db/postgres/dialect.js';
import { createInvocationTables, createSqlInvocationStore } from '../db/sql/invocation-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import { systemClock } from '../util/clock.js';
import { randomIds } from '../util/ids.js';
import { createLogger, silentLogger } from '../util/logger.js';
import { createInvocationQueue, type InvocationQueue } from './invocation-queue.js';
import { invocationSource, isAsyncHandlerEvent, recordingFailures } from './invocation-source.js';
import type { FunctionInvoker, InvokeResult } from './types.js';

const s3Event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { object: { key: 'public/a.png' } } }] };
const boom: InvokeResult = { ok: false, kind: 'error', errorType: 'Error', errorMessage: 'thumbnail service down' };

describe('invocation queue', () => {
  const db = connectSqlite(':memory:');
  const store = createSqlInvocationStore(db, sqliteDialect);
  const clock = { t: 1_700_000_000_000, now: () => clock.t };
  const logged: string[] = [];
  const calls: unknown[] = [];
  let answer: InvokeResult = boom;
  const functions: FunctionInvoker = {
    invoke: async (_name, event) => {
      calls.push(event);
      return answer;
    },
  };
  let queue: InvocationQueue;

  beforeEach(async () => {
    await createInvocationTables(db, sqliteDialect);
    await db.deleteFrom('hearth_invocations').execute();
    calls.length = 0;
    logged.length = 0;
    answer = boom;
    queue = createInvocationQueue({ store, functions, clock, ids: randomIds, logger: createLogger('', (l) => logged.push(l)) });
  });
  afterEach(() => queue.stop());

  it('a throwing storage trigger is recorded, retried twice a minute and two minutes later, then kept as failed', async () => {
    const first = await queue.dispatch('onUpload', 's3:ObjectCreated:Put', s3Event);
    expect(first.ok).toBe(false);
    const [row] = await store.list({ limit: 10 });
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, event: s3Event, lastError: 'Error: thumbnail service down' });
    expect(logged.join('\n')).toContain('retrying in 60 s');

    clock.t += 59_000;
    await queue.kick();
    expect(calls).toHaveLength(1); // not due yet
    clock.t += 1_000;
    await queue.kick();
    expect(await store.get(row?.id as string)).toMatchObject({ status: 'retrying', attempts: 2 });
    clock.t += 120_000;
    await queue.kick();
    expect(await store.get(row?.id as string)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: thumbnail service down' });
    clock.t += 3_600_000;
    await queue.kick();
    expect(calls).toHaveLength(3); // Lambda's two retries, no more
    expect(calls.every((c) => JSON.stringify(c) === JSON.stringify(s3Event))).toBe(true);
  });

  it('an event that runs the first time leaves no record', async () => {
    answer = { ok: true, result: null };
    expect(await queue.dispatch('onUpload', 's3:ObjectCreated:Put', s3Event)).toEqual({ ok: true, result: null });
    expect(await store.list({ limit: 10 })).toEqual([]);
  });

  it('a prepared row committed by its writer runs at once with runNow, and only once', async () => {
    answer = { ok: true, result: null };
    const row = queue.prepare('onUpload', 's3:ObjectCreated:Put', s3Event);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, maxAttempts: 3, nextAttemptAt: clock.t });
    expect(await store.get(row.id)).toBeUndefined(); // prepare writes nothing: the caller's transaction does
    await store.add(row);
    expect(await queue.runNow(row.id)).toEqual({ ok: true, result: null });
    expect(await queue.runNow(row.id)).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(await store.list({ limit: 10 })).toEqual([]);
  });

  it('a committed row whose first run never happened (the process died) is run by the next poll', async () => {
    const row = queue.prepare('onUpload', 's3:ObjectCreated:Put', s3Event);
    await store.add(row);
    answer = { ok: true, result: null };
    await queue.kick();
    expect(calls).toEqual([s3Event]);
    expect(await store.get(row.id)).toBeUndefined();
  });

  it('a requeued failure runs again and records that the retry worked', async () => {
    await queue.recordFailure('postConfirmation', 'cognito:PostConfirmation_ConfirmSignUp', { triggerSource: 'x' }, 'Error: no table');
    const [row] = await store.list({ status: 'failed', limit: 10 });
    answer = { ok: true, result: {} };
    expect(await store.requeue(row?.id as string, clock.now())).toBe(true);
    await queue.kick();
    expect(await store.get(row?.id as string)).toMatchObject({ status: 'succeeded-on-retry', attempts: 2, lastError: 'Error: no table' });
  });

  it("a failed UserMigration is kept without the user's password", async () => {
    const event = {
      triggerSource: 'UserMigration_Authentication',
      userName: 'ann',
      request: { password: 'Secret-123!', validationData: {} },
    };
    await queue.recordFailure('migrate', 'cognito:UserMigration_Authentication', event, 'Error: old system down');
    const [row] = await store.list({ status: 'failed', limit: 10 });
    expect(JSON.stringify(row)).not.toContain('Secret-123!');
    expect(row?.event).toMatchObject({ userName: 'ann', request: { password: '(hidden)' } });
  });

  it('a timeout is a failure like a throw', async () => {
    answer = { ok: false, kind: 'timeout', errorMessage: 'Task timed out after 3.00 seconds' };
    await queue.dispatch('onDelete', 's3:ObjectRemoved:Delete', s3Event);
    expect((await store.list({ limit: 1 }))[0]?.lastError).toBe('timeout: Task timed out after 3.00 seconds');
  });

  it('records failed Cognito triggers and resolvers, not authorizers, and answers the caller unchanged', async () => {
    const recording = recordingFailures(functions, queue);
    const cognito = { triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: { email: 'a@example.com' } } };
    expect(await recording.invoke('postConfirmation', cognito)).toEqual(boom);
    expect(await recording.invoke('authorizer', { authorizationToken: 'bad' })).toEqual(boom);
    expect(await recording.invoke('echo', { typeName: 'Query', fieldName: 'echo', arguments: {} })).toEqual(boom);
    const rows = await store.list({ limit: 10 });
    expect(rows.map((r) => [r.source, r.status, r.attempts]).sort()).toEqual([
      ['appsync:Query.echo', 'failed', 1],
      ['cognito:PostConfirmation_ConfirmSignUp', 'failed', 1],
    ]);
  });
});

describe('invocation sources', () => {
  it('names the AWS source from the event', () => {
    expect(invocationSource({ triggerSource: 'PreSignUp_SignUp' })).toBe('cognito:PreSignUp_SignUp');
    expect(invocationSource(s3Event)).toBe('s3:ObjectCreated:Put');
    expect(invocationSource({ typeName: 'Mutation', fieldName: 'notify' })).toBe('appsync:Mutation.notify');
    expect(invocationSource(null)).toBe('invoke');
  });

  it('tells an .async() handler from a synchronous one', () => {
    const data = {
      customOperations: [
        { kind: 'mutation', name: 'notify', handlers: [{ functionName: 'send', async: true }] },
        { kind: 'query', name: 'echo', handlers: [{ functionName: 'echo', async: false }] },
      ],
    } as never;
    expect(isAsyncHandlerEvent(data, 'send', { typeName: 'Mutation', fieldName: 'notify' })).toBe(true);
    expect(isAsyncHandlerEvent(data, 'echo', { typeName: 'Query', fieldName: 'echo' })).toBe(false);
    expect(isAsyncHandlerEvent(undefined, 'send', { typeName: 'Mutation', fieldName: 'notify' })).toBe(false);
  });
});

describe.skipIf(!pgUrl)(
  `two instances' queues on one PostgreSQL database${pgUrl ? '' : ' (skipped: HEARTH_TEST_DATABASE_URL is not set)'}`,
  () => {
    it('run each due event exactly once', async () => {
      const schema = await createPgSchema(pgUrl as string);
      const pools = [await connectPostgres(schema.url), await connectPostgres(schema.url)];
      try {
        await createInvocationTables(pools[0] as Kysely<any>, postgresDialect);
        const runs = new Map<string, number>();
        const functions: FunctionInvoker = {
          invoke: async (_name, event) => {
            const n = (event as { n: string }).n;
            runs.set(n, (runs.get(n) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, 5));
            return { ok: true, result: null };
          },
        };
        const queues = pools.map((db) =>
          createInvocationQueue({
            store: createSqlInvocationStore(db, postgresDialect),
            functions,
            clock: systemClock,
            ids: randomIds,
            logger: silentLogger,
          }),
        );
        // as if an instance had enqueued them and crashed before running any
        const store = createSqlInvocationStore(pools[0] as Kysely<any>, postgresDialect);
        const now = Date.now();
        for (let i = 0; i < 60; i++) {
          const base = { functionName: 'onUpload', source: 's3:ObjectCreated:Put', createdAt: now, updatedAt: now, nextAttemptAt: now };
          await store.add({ ...base, id: `e${i}`, event: { n: `e${i}` }, status: 'pending', attempts: 0, maxAttempts: 3 });
        }
        await Promise.all(queues.flatMap((q) => [q.kick(), q.kick()]));
        await Promise.all(queues.map((q) => q.kick()));
        expect(runs.size).toBe(60);
        expect([...runs.values()].every((n) => n === 1)).toBe(true);
        expect(await store.list({ limit: 100 })).toEqual([]);
      } finally {
        for (const db of pools) await db.destroy();
        await schema.drop();
      }
    });
  },
);
