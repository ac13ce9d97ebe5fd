/**
 * A Cognito trigger's recorded invocation agrees with what the client was told: one Cognito gave up
 * on (5 s; here 100 ms) is recorded as timed out even when the function's own timeout is longer,
 * and its late answer is neither applied nor recorded again. Over the real invocation queue and store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvocationTables, createSqlInvocationStore } from '../db/sql/invocation-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import { createInvocationQueue, type InvocationQueue } from '../functions/invocation-queue.js';
import type { InvokeResult } from '../functions/types.js';
import { randomIds } from '../util/ids.js';
import { silentLogger } from '../util/logger.js';
import { invokeTrigger, type TriggerDeps } from './invoke-trigger.js';

const event = { triggerSource: 'PreSignUp_SignUp', request: { userAttributes: { email: 'a@example.com' } }, response: {} };
const LIMIT_MS = 100;

describe('a Cognito trigger and its record', () => {
  const db = connectSqlite(':memory:');
  const store = createSqlInvocationStore(db, sqliteDialect);
  let queue: InvocationQueue;
  let finish: (r: InvokeResult) => void = () => {};
  let d: TriggerDeps;

  beforeEach(async () => {
    await createInvocationTables(db, sqliteDialect);
    await db.deleteFrom('hearth_invocations').execute();
    queue = createInvocationQueue({
      store,
      functions: { invoke: async () => ({ ok: true, result: null }) },
      clock: Date,
      ids: randomIds,
      logger: silentLogger,
    });
    d = {
      ir: { triggers: { preSignUp: 'pre-sign-up', postConfirmation: 'post-confirmation' } },
      // a function whose own timeout is longer than Cognito's: it answers when the test says
      functions: { invoke: () => new Promise<InvokeResult>((resolve) => (finish = resolve)) },
      logger: silentLogger,
      triggerTimeoutMs: LIMIT_MS,
      invocations: queue,
    };
  });
  afterEach(() => queue.stop());

  it('one Cognito gave up on answers UnexpectedLambda and is recorded as timed out; its late success changes nothing', async () => {
    await expect(invokeTrigger(d, 'preSignUp', event)).rejects.toMatchObject({ code: 'UnexpectedLambda' });
    const [row] = await store.list({ limit: 10 });
    expect(row).toMatchObject({ functionName: 'pre-sign-up', source: 'cognito:PreSignUp_SignUp', status: 'failed', attempts: 1 });
    expect(row?.lastError).toBe(`timeout: Cognito gave up after ${LIMIT_MS} ms`);
    finish({ ok: true, result: { ...event, response: { autoConfirmUser: true } } });
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.list({ limit: 10 })).toEqual([row]);
  });

  it('a late failure after the timeout is not recorded a second time', async () => {
    await expect(invokeTrigger(d, 'preSignUp', event)).rejects.toMatchObject({ code: 'UnexpectedLambda' });
    finish({ ok: false, kind: 'error', errorType: 'Error', errorMessage: 'too late' });
    await new Promise((r) => setTimeout(r, 50));
    const rows = await store.list({ limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.lastError).toContain('timeout');
  });

  it('a throw in time answers UserLambdaValidation and is recorded with its error', async () => {
    const call = invokeTrigger(d, 'preSignUp', event);
    finish({ ok: false, kind: 'error', errorType: 'TypeError', errorMessage: 'no profile' });
    await expect(call).rejects.toMatchObject({ code: 'UserLambdaValidation', message: 'PreSignUp failed with error no profile.' });
    expect(await store.list({ limit: 10 })).toMatchObject([{ status: 'failed', lastError: 'TypeError: no profile', event }]);
  });

  it('a success in time is not recorded, and its answer is returned', async () => {
    const call = invokeTrigger(d, 'preSignUp', event);
    finish({ ok: true, result: { ...event, response: { autoConfirmUser: true } } });
    expect(await call).toMatchObject({ response: { autoConfirmUser: true } });
    expect(await store.list({ limit: 10 })).toEqual([]);
  });

  it('a row whose write has not reached the disk yet is settled only after its flush; a failed flush fails the call and leaves it to a poll', async () => {
    const row = queue.prepareRunning('post-confirmation', 'cognito:PostConfirmation_ConfirmSignUp', event, 60_000);
    await store.add(row);
    let flush: () => void = () => {};
    const flushed = new Promise<void>((resolve) => (flush = resolve));
    let answered = false;
    const call = invokeTrigger(d, 'postConfirmation', event, { row, flushed }).finally(() => (answered = true));
    finish({ ok: true, result: event });
    await new Promise((r) => setTimeout(r, 30));
    expect(answered).toBe(false);
    expect(await store.get(row.id)).toMatchObject({ status: 'pending' });
    flush();
    await call;
    expect(await store.get(row.id)).toBeUndefined();

    const lost = queue.prepareRunning('post-confirmation', 'cognito:PostConfirmation_ConfirmSignUp', event, 60_000);
    await store.add(lost);
    const notFlushed = Promise.reject(new Error('connection lost'));
    notFlushed.catch(() => {});
    const failing = invokeTrigger(d, 'postConfirmation', event, { row: lost, flushed: notFlushed });
    finish({ ok: true, result: event });
    await expect(failing).rejects.toThrow('connection lost');
    expect(await store.get(lost.id)).toMatchObject({ status: 'pending', attempts: 1 }); // a poll runs it after its lease
  });

  it('a row written with its state change is removed by a success and kept failed by a timeout', async () => {
    const ok = queue.prepareRunning('post-confirmation', 'cognito:PostConfirmation_ConfirmSignUp', event, 60_000);
    await store.add(ok);
    const call = invokeTrigger(d, 'postConfirmation', event, { row: ok });
    finish({ ok: true, result: event });
    await call;
    expect(await store.get(ok.id)).toBeUndefined();

    const late = queue.prepareRunning('post-confirmation', 'cognito:PostConfirmation_ConfirmSignUp', event, 60_000);
    await store.add(late);
    await expect(invokeTrigger(d, 'postConfirmation', event, { row: late })).rejects.toMatchObject({ code: 'UnexpectedLambda' });
    expect(await store.get(late.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: `timeout: Cognito gave up after ${LIMIT_MS} ms`,
    });
    expect(await store.due(Date.now() + 3_600_000, 10)).toEqual([]); // kept for `hearth triggers retry`, not retried
  });
});
