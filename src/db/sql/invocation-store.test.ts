/**
 * The invocation store (failed and queued function invocations) on SQLite, and on PostgreSQL when
 * HEARTH_TEST_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test; each test gets a
 * throw-away schema). On PostgreSQL, two connection pools stand for two instances racing for rows.
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES, type StoreEngine } from '../../../test/support/pg-schema.js';
import { noteSyncCommits } from '../../../test/support/sync-commit-notes.js';
import type { InvocationRecord, InvocationStore } from '../ports.js';
import { createInvocationTables, createSqlInvocationStore } from './invocation-store.js';

const T0 = 1_700_000_000_000;

function invocation(id: string, o: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    id,
    functionName: 'onUpload',
    source: 's3:ObjectCreated:Put',
    event: { Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'public/zoë "1".png', size: 5_000_000_000 } } }] },
    status: 'pending',
    attempts: 0,
    maxAttempts: 3,
    createdAt: T0,
    updatedAt: T0,
    nextAttemptAt: T0,
    ...o,
  };
}

const engines = STORE_ENGINES;

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`invocation store on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let store: InvocationStore;
    let opened: Awaited<ReturnType<StoreEngine['open']>>;
    const extra: Kysely<any>[] = [];

    beforeEach(async () => {
      opened = await open();
      await createInvocationTables(opened.db, dialect);
      await createInvocationTables(opened.db, dialect); // every start does it
      store = createSqlInvocationStore(opened.db, dialect);
    });
    afterEach(async () => {
      for (const db of extra.splice(0)) await db.destroy();
      await opened.db.destroy();
      await opened.drop();
    });

    it('keeps the event exactly, and lists newest first, by status', async () => {
      await store.add(invocation('a'));
      await store.add(invocation('b', { status: 'failed', attempts: 1, lastError: 'Error: boom', updatedAt: T0 + 5 }));
      expect(await store.get('a')).toEqual(invocation('a'));
      expect((await store.list({ limit: 10 })).map((r) => r.id)).toEqual(['b', 'a']);
      expect(await store.list({ status: 'failed', limit: 10 })).toEqual([
        invocation('b', { status: 'failed', attempts: 1, lastError: 'Error: boom', updatedAt: T0 + 5 }),
      ]);
      expect(await store.get('zzz')).toBeUndefined();
    });

    it('a claim counts the attempt and holds the row until its lease ends', async () => {
      await store.add(invocation('a', { nextAttemptAt: T0 + 100 }));
      expect(await store.due(T0, 10)).toEqual([]);
      expect(await store.claim('a', T0, T0 + 1000)).toBeUndefined(); // not due yet
      expect(await store.due(T0 + 100, 10)).toEqual(['a']);
      expect(await store.claim('a', T0 + 100, T0 + 1000)).toMatchObject({ id: 'a', attempts: 1 });
      expect(await store.claim('a', T0 + 200, T0 + 2000)).toBeUndefined();
      expect(await store.due(T0 + 200, 10)).toEqual([]);
      // the runner died: once the lease is over, the row runs again, as attempt 2
      expect(await store.claim('a', T0 + 1000, T0 + 3000)).toMatchObject({ attempts: 2 });
    });

    it('a first attempt that worked leaves no row; a retry that worked says so', async () => {
      await store.add(invocation('ok'));
      await store.claim('ok', T0, T0 + 1000);
      await store.settle('ok', T0 + 1000, { status: 'succeeded', now: T0 + 1 });
      expect(await store.get('ok')).toBeUndefined();

      await store.add(invocation('r'));
      await store.claim('r', T0, T0 + 1000);
      await store.settle('r', T0 + 1000, { status: 'retrying', now: T0 + 1, lastError: 'Error: boom', nextAttemptAt: T0 + 60_000 });
      expect(await store.get('r')).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'Error: boom', nextAttemptAt: T0 + 60_000 });
      expect(await store.claim('r', T0 + 59_999, T0 + 70_000)).toBeUndefined();
      await store.claim('r', T0 + 60_000, T0 + 70_000);
      await store.settle('r', T0 + 70_000, { status: 'succeeded', now: T0 + 60_001 });
      expect(await store.get('r')).toMatchObject({ status: 'succeeded-on-retry', attempts: 2, updatedAt: T0 + 60_001 });
    });

    it.skipIf(name !== 'postgres')(
      'a success is settled without waiting for the WAL flush, a failure and flushThrough with it; the connection stays durable',
      async () => {
        await opened.db.connection().execute(async (conn) => {
          const one = createSqlInvocationStore(conn, dialect);
          for (const id of ['ok', 'r', 'f', 'x']) await one.add(invocation(id, { attempts: 1, leaseUntil: T0 + 1000 }));
          await sql`update hearth_invocations set status = 'retrying' where id = 'r'`.execute(conn);
          const read = await noteSyncCommits(conn, ['hearth_invocations']);
          await one.settle('ok', T0 + 1000, { status: 'succeeded', now: T0 + 1 });
          await one.settle('r', T0 + 1000, { status: 'succeeded', now: T0 + 1 });
          await one.settle('f', T0 + 1000, { status: 'failed', now: T0 + 1, lastError: 'boom', nextAttemptAt: T0 });
          await one.flushThrough('x');
          await expect(one.flushThrough('ok')).rejects.toThrow(/gone/);
          expect(await read()).toEqual({
            notes: [
              { what: 'hearth_invocations DELETE pending', sync: 'off' },
              { what: 'hearth_invocations UPDATE succeeded-on-retry', sync: 'off' },
              { what: 'hearth_invocations UPDATE failed', sync: 'on' },
              { what: 'hearth_invocations UPDATE pending', sync: 'on' },
            ],
            // SET LOCAL: every later commit on this pooled connection still waits for its flush
            connection: 'on',
          });
          expect(await one.get('x')).toEqual(invocation('x', { attempts: 1 }));
        });
      },
    );

    it('an outcome from a runner whose lease was taken over is ignored', async () => {
      await store.add(invocation('a'));
      await store.claim('a', T0, T0 + 1000);
      await store.claim('a', T0 + 1000, T0 + 5000); // the first runner was presumed dead
      await store.settle('a', T0 + 1000, { status: 'failed', now: T0 + 1200, lastError: 'late', nextAttemptAt: T0 });
      expect(await store.get('a')).toMatchObject({ status: 'pending', attempts: 2 });
    });

    it('requeue makes a failed row due for one more attempt; unknown ids and running rows are refused', async () => {
      await store.add(invocation('f', { status: 'failed', attempts: 3, lastError: 'x' }));
      expect(await store.requeue('f', T0 + 10)).toBe(true);
      expect(await store.get('f')).toMatchObject({ status: 'retrying', maxAttempts: 4, nextAttemptAt: T0 + 10 });
      expect(await store.requeue('nope', T0)).toBe(false);
      await store.claim('f', T0 + 10, T0 + 1000);
      expect(await store.requeue('f', T0 + 20)).toBe(false);
    });

    // on SQLite both stores share the one connection (instances there share one file, one writer)
    it('two instances racing for the same due rows never run one twice', async () => {
      const otherDb = opened.second ? await opened.second() : opened.db;
      if (opened.second) extra.push(otherDb);
      const other = createSqlInvocationStore(otherDb, dialect);
      const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);
      for (const id of ids) await store.add(invocation(id));
      const wins = await Promise.all(
        ids.flatMap((id) => [store.claim(id, T0, T0 + 1000), other.claim(id, T0, T0 + 1000), store.claim(id, T0, T0 + 1000)]),
      );
      const claimed = wins.filter((w) => w !== undefined);
      expect(claimed.map((w) => w?.id).sort()).toEqual([...ids].sort());
      expect(claimed.every((w) => w?.attempts === 1)).toBe(true);
    });
  });
