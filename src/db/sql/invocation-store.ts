/**
 * Failed function invocations and queued asynchronous ones, in `hearth_invocations` (architecture
 * decision 12). Runners on any number of instances share the table: a row is taken with a
 * conditional UPDATE (a lease), the way the mail outbox and the orphan sweep claim their work.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { InvocationRecord, InvocationStatus, InvocationStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

export const INVOCATIONS_TABLE = 'hearth_invocations';
const TABLE = INVOCATIONS_TABLE;
const RUNNABLE: InvocationStatus[] = ['pending', 'retrying'];

export async function createInvocationTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const int = sql.raw(d.columnTypes.integer);
  const big = sql.raw(d.columnTypes.bigint);
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('function_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', int, (c) => c.notNull())
    .addColumn('max_attempts', int, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('lease_until', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex(`${TABLE}_due`).ifNotExists().on(TABLE).columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex(`${TABLE}_updated`).ifNotExists().on(TABLE).column('updated_at').execute();
}

function decode(d: SqlDialect, r: Record<string, any>): InvocationRecord {
  return {
    id: r.id,
    functionName: r.function_name,
    source: r.source,
    event: JSON.parse(r.event),
    status: r.status,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    ...(r.last_error != null ? { lastError: r.last_error } : {}),
    createdAt: d.decodeBigint(r.created_at),
    updatedAt: d.decodeBigint(r.updated_at),
    nextAttemptAt: d.decodeBigint(r.next_attempt_at),
  };
}

/**
 * Writes invocation rows with `db`, which may be another store's transaction: a storage event goes
 * into the table in the same transaction as the object row that caused it (architecture decision 12).
 */
export async function insertInvocations(db: Kysely<any> | Transaction<any>, records: InvocationRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.insertInto(TABLE).values(records.map(encodeInvocation)).execute();
}

/** An invocation as its row (also upserted by the stream store for a failing stream batch). */
export const encodeInvocation = (r: InvocationRecord) => ({
  id: r.id,
  function_name: r.functionName,
  source: r.source,
  event: JSON.stringify(r.event ?? null),
  status: r.status,
  attempts: r.attempts,
  max_attempts: r.maxAttempts,
  last_error: r.lastError ?? null,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
  next_attempt_at: r.nextAttemptAt,
  lease_until: r.leaseUntil ?? 0,
});

/**
 * A success's settlement commits without waiting for PostgreSQL's WAL flush (a commit under
 * `synchronous_commit = on` waits one fsync, 1–4 ms here, on the request path of every ConfirmSignUp).
 * Why that is safe: losing this write to a crash leaves the row as it was, leased and pending,
 * and a poll runs the invocation again once the lease ends: exactly what a crash just before the
 * settlement does today (invocations run at least once). Nothing the caller was told depends on
 * it; the state change that the invocation belongs to committed durably before it ran. A later
 * synchronous commit on the server flushes it anyway (the WAL is one sequence).
 *
 * `set_config(..., true)` is SET LOCAL: it lasts to the end of the statement's own transaction (so
 * the pool's connection keeps `on`), and is evaluated only for a row the statement changes; with
 * no row changed there is nothing to flush. SQLite has no per-transaction setting: unchanged.
 */
const noFlushWait =
  (d: SqlDialect) =>
  <Q extends { where: (e: any, op: 'is not', v: null) => Q }>(q: Q): Q =>
    d.engine === 'postgres' ? q.where(sql`set_config('synchronous_commit', 'off', true)`, 'is not', null) : q;

export function createSqlInvocationStore(db: Kysely<any>, d: SqlDialect): InvocationStore {
  return {
    add: (r) => insertInvocations(db, [r]),
    async get(id) {
      const r = await db.selectFrom(TABLE).selectAll().where('id', '=', id).executeTakeFirst();
      return r ? decode(d, r) : undefined;
    },
    async list(o) {
      let q = db.selectFrom(TABLE).selectAll();
      if (o.status) q = q.where('status', '=', o.status);
      const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
      return rows.map((r) => decode(d, r));
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom(TABLE)
        .select('id')
        .where('status', 'in', RUNNABLE)
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        .orderBy('next_attempt_at', 'asc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id as string);
    },
    async claim(id, now, leaseUntil) {
      // of racing claims, PostgreSQL re-checks the WHERE after the first commits: exactly one wins
      const r = await db
        .updateTable(TABLE)
        .set({ lease_until: leaseUntil, attempts: sql`attempts + 1`, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', RUNNABLE)
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        .returningAll()
        .executeTakeFirst();
      return r ? decode(d, r) : undefined;
    },
    async settle(id, leaseUntil, o) {
      const mine = db.updateTable(TABLE).where('id', '=', id).where('lease_until', '=', leaseUntil);
      if (o.status === 'succeeded') {
        // a first attempt that worked leaves nothing to keep
        const gone = await db
          .deleteFrom(TABLE)
          .where('id', '=', id)
          .where('lease_until', '=', leaseUntil)
          .where('attempts', '=', 1)
          .where('status', '=', 'pending')
          .$call(noFlushWait(d))
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 1) return;
        await mine.set({ status: 'succeeded-on-retry', lease_until: 0, updated_at: o.now }).$call(noFlushWait(d)).execute();
        return;
      }
      await mine
        .set({ status: o.status, lease_until: 0, updated_at: o.now, last_error: o.lastError, next_attempt_at: o.nextAttemptAt })
        .execute();
    },
    async flushThrough(id) {
      if (d.engine !== 'postgres') return;
      // `set x = x` writes a new row version (WAL) without changing what a concurrent writer set
      const r = await db.updateTable(TABLE).set({ lease_until: sql`lease_until` }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new Error(`invocation ${id} is gone: nothing to flush the WAL through`);
    },
    async requeue(id, now) {
      const r = await db
        .updateTable(TABLE)
        .set({
          status: 'retrying',
          // one more attempt at least; a row still retrying keeps the attempts it had left
          max_attempts: sql`case when max_attempts > attempts then max_attempts else attempts + 1 end`,
          next_attempt_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('lease_until', '<=', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
