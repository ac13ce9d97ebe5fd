/**
 * `api/invocations…`: every function invocation this process ran (the in-memory log: source,
 * event, result or error, duration, log lines), the durable failed ones (hearth_invocations, kept
 * across restarts and instances), and retrying a failed one through the same queue as
 * `hearth triggers retry`.
 */
import type { InvocationRecord, InvocationStatus, InvocationStore } from '../../db/ports.js';
import { type InvocationLog, type LoggedInvocation, shownEvent } from '../../functions/invocation-log.js';
import { HearthError } from '../../util/errors.js';
import { json } from '../../util/http.js';
import type { ConsoleRoute } from './console-router.js';
import { limitOf } from './paging.js';

export interface InvocationRouteDeps {
  log: InvocationLog;
  store: InvocationStore;
  /** makes a durable row due now and runs what is due (the queue's kick) */
  retry(id: string): Promise<boolean>;
}

const LOG_STATUSES = new Set<LoggedInvocation['status']>(['pending', 'ok', 'failed', 'timedOut']);
const STORE_STATUSES = new Set<InvocationStatus>(['pending', 'retrying', 'failed', 'succeeded-on-retry']);

export function invocationRoutes(d: InvocationRouteDeps): ConsoleRoute[] {
  return [
    { method: 'GET', path: 'invocations', handle: async ({ query }) => listLogged(d, query) },
    { method: 'GET', path: 'failed-invocations', handle: async ({ query }) => listDurable(d, query) },
    { method: 'POST', path: 'invocations/:id/retry', handle: async ({ params }) => retry(d, params.id as string) },
  ];
}

function listLogged(d: InvocationRouteDeps, query: URLSearchParams) {
  const status = query.get('status') || undefined;
  if (status && !LOG_STATUSES.has(status as LoggedInvocation['status']))
    throw Object.assign(new HearthError('ValidationError', 'status must be pending, ok, failed or timedOut.'), { field: 'status' });
  const page = d.log.list({
    function: query.get('function') || undefined,
    status: status as LoggedInvocation['status'] | undefined,
    limit: limitOf(query, 50, 500),
    before: query.get('next') || undefined,
  });
  return json(200, { invocations: page.items, next: page.next ?? null });
}

async function listDurable(d: InvocationRouteDeps, query: URLSearchParams) {
  const status = (query.get('status') || undefined) as InvocationStatus | undefined;
  if (status && !STORE_STATUSES.has(status))
    throw Object.assign(new HearthError('ValidationError', 'Unknown status.'), { field: 'status' });
  const rows = await d.store.list({ status, limit: limitOf(query, 50, 500) });
  return json(200, { invocations: rows.map(durableView) });
}

/** One more attempt of a durable row, run at once; answers with the row after it. */
async function retry(d: InvocationRouteDeps, id: string) {
  const row = await d.store.get(id);
  if (!row) throw new HearthError('NotFound', `No recorded invocation ${id} (only failed and queued ones are kept).`);
  if (row.status === 'succeeded-on-retry')
    throw new HearthError('ConditionalCheckFailed', `Invocation ${id} already succeeded; not run again.`);
  if (!(await d.retry(id)))
    throw new HearthError('ConditionalCheckFailed', `Invocation ${id} is running now; try again when it has finished.`);
  const after = await d.store.get(id);
  return json(200, { invocation: after ? durableView(after) : { id, status: 'succeeded' } });
}

function durableView(r: InvocationRecord) {
  return {
    id: r.id,
    function: r.functionName,
    source: r.source,
    status: r.status,
    event: shownEvent(r.event),
    error: r.lastError ?? null,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    time: r.createdAt,
    updated: r.updatedAt,
    nextAttemptAt: r.status === 'retrying' || r.status === 'pending' ? r.nextAttemptAt : null,
  };
}
