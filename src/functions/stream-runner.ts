/**
 * Delivers model tables' DynamoDB stream records to the functions mapped to them, as Lambda's
 * event source mappings do (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): batches
 * of up to `batchSize` in table order, after `maxBatchingWindow` at most; a failed batch blocks
 * its table's stream and is retried with backoff (from the first failed record with
 * ReportBatchItemFailures) until it works, its `retryAttempts` are spent or its records expire
 * (24 h). A failing batch shows in `hearth triggers` as `retrying`, then `succeeded-on-retry` or
 * `failed`. Every instance runs this; each attempt is leased by one (db StreamStore.claim).
 */
import type { InvocationRecord, StreamPosition, StreamRecord, StreamStore } from '../db/ports.js';
import type { StreamMappingIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { createPoller } from '../util/poller.js';
import { DEFAULT_LEASE_MS, failureMessage } from './invocation-queue.js';
import { type BatchOutcome, batchOutcome, streamEvent } from './stream-event.js';
import type { FunctionInvoker } from './types.js';

/** DynamoDB Streams keeps records for 24 hours. */
export const STREAM_RETENTION_MS = 24 * 3600_000;
/** an invocation row held by its stream: the invocation queue never runs it while the batch is retried */
const HELD = Number.MAX_SAFE_INTEGER;
const LEASE_MARGIN_MS = 30_000;

export interface StreamRunnerOptions {
  /** the mappings of the backend being served (read at each pass: a reload may change them) */
  mappings: () => StreamMappingIR[];
  store: StreamStore;
  functions: FunctionInvoker;
  region: string;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** how often to look for records written by other instances, and retries that are due (default 1 s) */
  pollMs?: number;
  /** a function's timeout (ms): an attempt's lease outlives it, so a batch whose instance died is retried soon after */
  timeoutMs?: (functionName: string) => number;
  /** the wait before retry n (default 1 s, doubling, at most a minute) */
  retryDelayMs?: (attempt: number) => number;
}

export interface StreamRunner {
  /** delivers what is due now; resolves when no mapping has a due batch left */
  kick(): Promise<void>;
  /** opens every enabled mapping's position (a LATEST mapping starts after the writes made so far), then polls */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const defaultDelay = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);

export function createStreamRunner(o: StreamRunnerOptions): StreamRunner {
  const opened = new Set<string>();
  let windowTimer: NodeJS.Timeout | undefined;
  let lastTrim = 0;

  /** one batch of `m` if one is due; true when it was delivered (there may be more) */
  async function deliverOne(m: StreamMappingIR): Promise<boolean> {
    const now = o.clock.now();
    const peeked = await o.store.peek(m.id, now, m.batchSize);
    const records = peeked?.records ?? [];
    if (!peeked || records.length === 0) return false;
    const readyAt = records[0]!.createdAt + m.maxBatchingWindowMs;
    if (records.length < m.batchSize && peeked.position.attempts === 0 && readyAt > now) {
      wakeAt(readyAt);
      return false;
    }
    const leaseUntil = now + (o.timeoutMs?.(m.functionName) ?? DEFAULT_LEASE_MS) + LEASE_MARGIN_MS;
    if (!(await o.store.claim(m.id, { now, leaseUntil, checkpoint: peeked.position.checkpoint }))) return false;
    const event = streamEvent(m, o.region, records);
    const result = await o.functions
      .invoke(m.functionName, event)
      .catch((e: unknown) => ({ ok: false as const, kind: 'error' as const, errorType: 'Error', errorMessage: String(e) }));
    const outcome = batchOutcome(m, result, records, result.ok ? '' : failureMessage(result));
    await settle(m, { position: peeked.position, records, event, leaseUntil }, outcome);
    return outcome.ok;
  }

  async function settle(
    m: StreamMappingIR,
    b: { position: StreamPosition; records: StreamRecord[]; event: unknown; leaseUntil: number },
    outcome: BatchOutcome,
  ): Promise<void> {
    const now = o.clock.now();
    const last = b.records[b.records.length - 1]!.seq;
    const { position: p } = b;
    const row = (status: InvocationRecord['status'], attempts: number, lastError?: string): InvocationRecord => ({
      id: p.failureId ?? o.ids.uuid(),
      functionName: m.functionName,
      source: `dynamodb:${m.model}`,
      event: b.event,
      status,
      attempts,
      maxAttempts: m.retryAttempts >= 0 ? m.retryAttempts + 1 : attempts + 1,
      ...(lastError !== undefined && { lastError }),
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
      leaseUntil: status === 'retrying' ? HELD : 0,
    });
    if (outcome.ok) {
      const invocation = p.failureId ? row('succeeded-on-retry', p.attempts + 1) : undefined;
      if (invocation) o.logger.info(`${describe(m)}: the batch succeeded on attempt ${p.attempts + 1}`);
      await o.store.settle(m.id, b.leaseUntil, { now, checkpoint: last, attempts: 0, nextAttemptAt: 0, invocation });
      return;
    }
    const attempts = p.attempts + 1;
    const done = b.records.filter((r) => r.seq < outcome.failedAt);
    const checkpoint = done.length > 0 ? done[done.length - 1]!.seq : p.checkpoint;
    if (m.retryAttempts >= 0 && attempts > m.retryAttempts) {
      o.logger.error(`${describe(m)}: batch dropped after ${attempts} attempts (${outcome.error}); kept as failed in hearth triggers`);
      const invocation = row('failed', attempts, outcome.error);
      await o.store.settle(m.id, b.leaseUntil, { now, checkpoint: last, attempts: 0, nextAttemptAt: 0, invocation });
      return;
    }
    const wait = (o.retryDelayMs ?? defaultDelay)(attempts);
    const invocation = row('retrying', attempts, outcome.error);
    o.logger.error(
      `${describe(m)}: batch failed (attempt ${attempts}), retrying in ${wait} ms, recorded as ${invocation.id}: ${outcome.error}`,
    );
    const next = { now, checkpoint, attempts, nextAttemptAt: now + wait, failureId: invocation.id, invocation };
    await o.store.settle(m.id, b.leaseUntil, next);
    wakeAt(now + wait);
  }

  /** The position of each enabled mapping seen for the first time: where LATEST points is taken now. */
  async function openPositions(mappings: readonly StreamMappingIR[]): Promise<void> {
    for (const m of mappings) {
      if (!m.enabled || opened.has(m.id)) continue;
      await o.store.open(m.id, m.tableName, m.startingPosition);
      opened.add(m.id);
      o.logger.info(`${describe(m)}: delivering (${m.startingPosition} when new, batches of up to ${m.batchSize})`);
    }
  }

  async function pass(): Promise<void> {
    const mappings = o.mappings();
    if (mappings.length === 0) return;
    const now = o.clock.now();
    if (now - lastTrim > 60_000) {
      lastTrim = now;
      await o.store.trim(now - STREAM_RETENTION_MS);
    }
    await openPositions(mappings);
    for (const m of mappings) {
      if (!m.enabled) continue;
      let more = true;
      while (more) more = await deliverOne(m);
    }
  }

  const poller = createPoller({
    pass,
    pollMs: o.pollMs ?? 1000,
    onError: (e) => o.logger.error(`streams: ${(e as Error).message}`),
  });

  function wakeAt(at: number): void {
    if (windowTimer) clearTimeout(windowTimer);
    windowTimer = setTimeout(() => void poller.kick(), Math.max(0, at - o.clock.now()) + 5);
    windowTimer.unref();
  }

  return {
    kick: poller.kick,
    async start() {
      // before the server says ready: a write made once it is ready must not fall before a LATEST start
      await openPositions(o.mappings());
      poller.start();
      void poller.kick();
    },
    async stop() {
      if (windowTimer) clearTimeout(windowTimer);
      await poller.stop();
    },
  };
}

const describe = (m: StreamMappingIR) => `stream ${m.model} → ${m.functionName}`;
