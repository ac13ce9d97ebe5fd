/**
 * `hearth triggers list|show|retry`: the failed function invocations kept in the project's database
 * (functions/invocation-queue.ts), read without serving, like `hearth migrate`.
 *
 * `retry` does not run the function itself: it makes the record due again and waits for a running
 * Hearth server on the same database to run it (each server polls every second), so the function
 * runs with the server's own env, data endpoint and credentials, exactly as the first time.
 */
import type { Command } from 'commander';
import type { InvocationRecord, InvocationStatus, InvocationStore } from '../db/index.js';
import { withInvocationRecords } from '../server/invocation-records.js';
import { HearthError } from '../util/errors.js';
import { describeError } from './report-error.js';

export interface TriggersOptions {
  databaseUrl?: string;
  /** the app folder (default: the current directory) */
  cwd?: string;
  out?: (text: string) => void;
}

const STATUSES: InvocationStatus[] = ['pending', 'retrying', 'failed', 'succeeded-on-retry'];

function withDatabase<T>(o: TriggersOptions, use: (store: InvocationStore) => Promise<T>): Promise<T | undefined> {
  const databaseUrl = o.databaseUrl ?? process.env.HEARTH_DATABASE_URL;
  return withInvocationRecords({ projectRoot: o.cwd ?? process.cwd(), databaseUrl: databaseUrl || undefined }, use);
}

const write = (o: TriggersOptions, text: string) => (o.out ?? ((t) => process.stdout.write(t)))(`${text}\n`);

/** `hearth triggers list [--status failed] [--limit 50]`: newest first. */
export async function listTriggers(o: TriggersOptions & { status?: string; limit?: string }): Promise<void> {
  const status = o.status as InvocationStatus | undefined;
  if (status && !STATUSES.includes(status)) {
    throw new HearthError('ConfigError', `--status must be one of ${STATUSES.join(', ')}; got "${o.status}".`);
  }
  const limit = Number(o.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1)
    throw new HearthError('ConfigError', `--limit must be a positive whole number; got "${o.limit}".`);
  const rows = (await withDatabase(o, (store) => store.list({ status, limit }))) ?? [];
  if (rows.length === 0) {
    write(o, status ? `no ${status} invocations` : 'no failed or queued invocations');
    return;
  }
  write(o, table(rows));
}

function table(rows: InvocationRecord[]): string {
  const head = ['ID', 'FUNCTION', 'SOURCE', 'STATUS', 'ATTEMPTS', 'LAST ERROR', 'TIME'];
  const cells = rows.map((r) => [
    r.id,
    r.functionName,
    r.source,
    r.status,
    `${r.attempts}/${r.maxAttempts}`,
    oneLine(r.lastError ?? '-', 60),
    new Date(r.updatedAt).toISOString(),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  return [head, ...cells]
    .map((c) =>
      c
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** `hearth triggers show <id>`: the whole record, with its event, as JSON. */
export async function showTrigger(id: string, o: TriggersOptions): Promise<void> {
  const r = await withDatabase(o, (store) => store.get(id));
  if (!r) throw notFound(id);
  write(o, JSON.stringify(r, null, 2));
}

const notFound = (id: string) => new HearthError('ResourceNotFound', `no invocation ${id}; \`hearth triggers list\` shows them.`);

/**
 * `hearth triggers retry <id> [--wait 30]`: queues one more attempt now and prints its outcome
 * once a running server has run it. Exit code 1 when it failed again or nobody ran it in time.
 */
export async function retryTrigger(id: string, o: TriggersOptions & { wait?: string }): Promise<boolean> {
  const waitMs = Number(o.wait ?? 30) * 1000;
  if (!(waitMs > 0)) throw new HearthError('ConfigError', `--wait must be a number of seconds; got "${o.wait}".`);
  const outcome = await withDatabase(o, async (store) => {
    const before = await store.get(id);
    if (!before) throw notFound(id);
    if (before.status === 'succeeded-on-retry') throw new HearthError('ConfigError', `invocation ${id} already succeeded; not run again.`);
    const queuedAt = Date.now();
    if (!(await store.requeue(id, queuedAt))) throw new HearthError('ConfigError', `invocation ${id} is running now; try again later.`);
    write(o, `queued ${id} (${before.functionName}, ${before.source}); waiting for the server to run it…`);
    return waitForAttempt(store, before, { queuedAt, waitMs });
  });
  if (!outcome) throw notFound(id);
  if (outcome === 'timeout') {
    write(o, `no running Hearth server on this database ran it within ${waitMs / 1000} s; it stays queued and runs when one starts.`);
    return false;
  }
  if (outcome.status === 'succeeded-on-retry') {
    write(o, `succeeded on attempt ${outcome.attempts}`);
    return true;
  }
  write(o, `failed again (attempt ${outcome.attempts}, ${outcome.status}): ${outcome.lastError ?? 'unknown error'}`);
  return false;
}

async function waitForAttempt(store: InvocationStore, before: InvocationRecord, t: { queuedAt: number; waitMs: number }) {
  const deadline = Date.now() + t.waitMs;
  while (Date.now() < deadline) {
    const r = await store.get(before.id);
    if (r && r.attempts > before.attempts) {
      const settled =
        r.status === 'failed' || r.status === 'succeeded-on-retry' || (r.status === 'retrying' && r.nextAttemptAt > t.queuedAt);
      if (settled) return r;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 'timeout' as const;
}

type Opts = Record<string, string | undefined>;

/** Adds `hearth triggers list|show|retry` to the CLI (main.ts calls it). */
export function registerTriggers(program: Command): void {
  const triggers = program
    .command('triggers')
    .description('failed function invocations (Cognito triggers, storage events, async handlers): list, show, retry');
  const db = '--database-url <url>';
  const dbHelp = 'postgres://… to use PostgreSQL (default: SQLite under .amplify/; env HEARTH_DATABASE_URL)';
  triggers
    .command('list')
    .description('the failed and queued invocations, newest first')
    .option('--status <status>', STATUSES.join(' | '))
    .option('--limit <n>', 'at most this many', '50')
    .option(db, dbHelp)
    .action((o: Opts) => cli(() => listTriggers(o)));
  triggers
    .command('show <id>')
    .description('one invocation with its event, as JSON')
    .option(db, dbHelp)
    .action((id: string, o: Opts) => cli(() => showTrigger(id, o)));
  triggers
    .command('retry <id>')
    .description('run an invocation again now, through the running server, and print the outcome')
    .option('--wait <seconds>', 'how long to wait for the server to run it', '30')
    .option(db, dbHelp)
    .action((id: string, o: Opts) =>
      cli(async () => {
        if (!(await retryTrigger(id, o))) process.exitCode = 1;
      }),
    );
}

async function cli(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    process.exitCode = 1;
  }
}
