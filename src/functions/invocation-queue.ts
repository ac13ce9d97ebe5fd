/**
 * Function invocations that must not be lost (architecture decision 12). An asynchronous event (a
 * storage trigger, an `.async()` AppSync handler) is written to the invocation store before it runs,
 * then run; a failure is retried with backoff the way Lambda retries asynchronous invocations (two
 * retries, about 1 and 2 minutes apart: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html),
 * then kept as `failed`. A failed synchronous invocation (a Cognito trigger, a custom resolver) is
 * recorded once as `failed`; its caller still gets its usual error. `hearth triggers list|retry`
 * reads and re-queues the rows; a running server's queue picks re-queued rows up within `pollMs`.
 * Runners on several instances share the store: each attempt is claimed first, so none runs twice.
 */
import type { InvocationOutcome, InvocationRecord, InvocationStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { createPoller } from '../util/poller.js';
import { shownEvent } from './invocation-log.js';
import type { FunctionInvoker, InvokeResult } from './types.js';

/** Lambda's asynchronous retries: two, about a minute and then two minutes after the failure. */
export const LAMBDA_RETRY_DELAYS_MS = [60_000, 120_000];
/** longer than Lambda's longest timeout (15 min): a runner that died mid-attempt is retried after it */
export const DEFAULT_LEASE_MS = 16 * 60_000;

export interface InvocationQueueOptions {
  store: InvocationStore;
  functions: FunctionInvoker;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** the wait before retry 1, 2…; its length is the number of retries (default LAMBDA_RETRY_DELAYS_MS) */
  retryDelaysMs?: number[];
  /** how often to look for due rows: retries, re-queued rows, other instances' events (default 1 s) */
  pollMs?: number;
  leaseMs?: number;
}

/** an invocation row written already claimed by the request that runs it */
export type RunningInvocation = InvocationRecord & { leaseUntil: number };

export interface InvocationQueue {
  /** durably records an asynchronous invocation, then runs its first attempt and resolves with it */
  dispatch(functionName: string, source: string, event: unknown): Promise<InvokeResult>;
  /**
   * The `pending` row of an asynchronous invocation, for a caller that writes it in its own
   * transaction (a storage event with its object row); `runNow` then runs it once that committed.
   */
  prepare(functionName: string, source: string, event: unknown): InvocationRecord;
  /**
   * Runs the first attempt of a committed row at once; undefined when another runner has it or the
   * store could not be reached (the row stays due, and a poll on any instance runs it). Never throws.
   */
  runNow(id: string): Promise<InvokeResult | undefined>;
  /**
   * The row of a synchronous invocation (a Cognito trigger) that its caller writes with the state
   * change it follows, then runs itself: claimed for that one attempt (1 of 1) until `leaseMs` from
   * now. Should the process die first, a poll runs it once the lease is over.
   */
  prepareRunning(functionName: string, source: string, event: unknown, leaseMs: number): RunningInvocation;
  /**
   * Returns once a prepared row, and every commit before it, is on disk (InvocationStore.flushThrough):
   * for a caller whose write did not wait for its flush. Throws when it cannot tell.
   */
  flushRunning(r: RunningInvocation): Promise<void>;
  /** records a prepared row's outcome: a success removes it, a failure keeps it `failed`; never throws */
  settleRunning(r: RunningInvocation, outcome: { ok: true } | { ok: false; error: string }): Promise<void>;
  /** records a synchronous invocation that failed (1 attempt, `failed`); never throws (logs when it cannot) */
  recordFailure(functionName: string, source: string, event: unknown, error: string): Promise<void>;
  /** runs every row due now; resolves when none is left */
  kick(): Promise<void>;
  /** polls for due rows every `pollMs` */
  start(): void;
  /** stops polling and waits for running attempts */
  stop(): Promise<void>;
}

/** One line for the record and the log, whatever the handler threw. */
export function failureMessage(r: Exclude<InvokeResult, { ok: true }>): string {
  const m: unknown = r.errorMessage;
  const text = typeof m === 'string' ? m : ((m as { message?: string } | null)?.message ?? JSON.stringify(m));
  return r.kind === 'error' ? `${r.errorType}: ${text}` : `timeout: ${text}`;
}

export function createInvocationQueue(o: InvocationQueueOptions): InvocationQueue {
  const delays = o.retryDelaysMs ?? LAMBDA_RETRY_DELAYS_MS;
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => {});
    return p;
  };

  /** claims `id` for one attempt, runs it, records the outcome; undefined when another runner has it */
  async function attempt(id: string): Promise<InvokeResult | undefined> {
    const leaseUntil = o.clock.now() + (o.leaseMs ?? DEFAULT_LEASE_MS);
    const row = await o.store.claim(id, o.clock.now(), leaseUntil);
    if (!row) return undefined;
    const result = await o.functions
      .invoke(row.functionName, row.event)
      .catch(
        (e: unknown): InvokeResult => ({ ok: false, kind: 'error', errorType: 'Error', errorMessage: (e as Error).message ?? String(e) }),
      );
    const now = o.clock.now();
    if (result.ok) {
      await o.store.settle(id, leaseUntil, { status: 'succeeded', now });
      if (row.attempts > 1) o.logger.info(`${describe(row)} succeeded on attempt ${row.attempts}`);
      return result;
    }
    const lastError = failureMessage(result);
    const final = row.attempts >= row.maxAttempts;
    const wait = delays[Math.min(row.attempts, delays.length) - 1] ?? 0;
    await o.store.settle(id, leaseUntil, { status: final ? 'failed' : 'retrying', now, lastError, nextAttemptAt: now + wait });
    const next = final ? 'kept as failed (hearth triggers retry <id> runs it again)' : `retrying in ${Math.round(wait / 1000)} s`;
    o.logger.error(`${describe(row)} failed (attempt ${row.attempts}/${row.maxAttempts}), ${next}: ${lastError}`);
    return result;
  }

  async function drain(): Promise<void> {
    for (;;) {
      const ids = await o.store.due(o.clock.now(), 20);
      for (const id of ids) await track(attempt(id));
      if (ids.length < 20) return;
    }
  }

  const poller = createPoller({
    pass: drain,
    pollMs: o.pollMs ?? 1000,
    onError: (e) => o.logger.error(`invocation queue: ${(e as Error).message}`),
  });

  const row = (functionName: string, source: string, event: unknown): InvocationRecord => {
    const now = o.clock.now();
    const base = { id: o.ids.uuid(), functionName, source, event, createdAt: now, updatedAt: now, nextAttemptAt: now };
    return { ...base, status: 'pending', attempts: 0, maxAttempts: delays.length + 1 };
  };

  const runNow = (id: string): Promise<InvokeResult | undefined> =>
    track(attempt(id)).catch((e: unknown) => {
      o.logger.error(`invocation ${id}: ${(e as Error).message}; it stays queued`);
      return undefined;
    });

  return {
    async dispatch(functionName, source, event) {
      const r = row(functionName, source, event);
      await o.store.add(r);
      return (await runNow(r.id)) ?? { ok: true, result: undefined };
    },
    prepare: row,
    runNow,
    prepareRunning(functionName, source, event, leaseMs) {
      const r = row(functionName, source, event);
      return { ...r, attempts: 1, maxAttempts: 1, leaseUntil: o.clock.now() + leaseMs };
    },
    flushRunning: (r) => o.store.flushThrough(r.id),
    async settleRunning(r, outcome) {
      const now = o.clock.now();
      const settled: InvocationOutcome = outcome.ok
        ? { status: 'succeeded', now }
        : { status: 'failed', now, lastError: outcome.error, nextAttemptAt: now };
      try {
        await o.store.settle(r.id, r.leaseUntil, settled);
        if (!outcome.ok) o.logger.error(`${r.functionName} (${r.source}) failed, recorded as ${r.id}: ${outcome.error}`);
      } catch (e) {
        // the row stays pending, and a poll runs it again once its lease is over
        o.logger.error(`${describe(r)}: could not record its outcome (${(e as Error).message}); it runs again after its lease`);
      }
    },
    async recordFailure(functionName, source, given, error) {
      // a UserMigration event carries the user's password: it is never stored, shown or logged
      const event = shownEvent(given);
      const r = row(functionName, source, event);
      try {
        await o.store.add({ ...r, status: 'failed', attempts: 1, maxAttempts: 1, lastError: error });
        o.logger.error(`${functionName} (${source}) failed, recorded as ${r.id}: ${error}`);
      } catch (e) {
        // the caller's answer must not change: the log is the record of last resort
        const why = (e as Error).message;
        o.logger.error(`${functionName} (${source}) failed: ${error}; could not record it (${why}); event: ${JSON.stringify(event)}`);
      }
    },
    kick: poller.kick,
    start() {
      poller.start();
      void poller.kick();
    },
    async stop() {
      await poller.stop();
      await Promise.allSettled([...running]);
    },
  };
}

const describe = (r: InvocationRecord) => `invocation ${r.id} of ${r.functionName} (${r.source})`;
