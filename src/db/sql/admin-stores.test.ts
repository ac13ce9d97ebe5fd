/**
 * The outbox columns of the mail store and the group / admin methods of the user store, on SQLite
 * and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set (each run gets a throw-away schema).
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import type { MailStore, UserRecord, UserStore } from '../ports.js';
import { createMailTables, createSqlMailStore } from './mail-store.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

const engines = STORE_ENGINES;

const user = (sub: string, email: string, createdAt: number): UserRecord => ({
  sub,
  username: email,
  status: 'CONFIRMED',
  enabled: true,
  attributes: { email },
  srpSalt: 'aa',
  srpVerifier: 'bb',
  passwordHash: 'scrypt$x$y',
  tokensValidAfter: 0,
  createdAt,
  updatedAt: createdAt,
});

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`admin storage on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let db: Kysely<any>;
    let drop: () => Promise<void>;
    let users: UserStore;
    let mail: MailStore;

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createUserTables(db, dialect);
      await createUserTables(db, dialect); // idempotent
      users = createSqlUserStore(db, dialect);
      mail = createSqlMailStore(db);
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    it('keeps groups, lists users oldest first, and deletes a user with their codes and tokens', async () => {
      await users.putGroup({ name: 'B', precedence: 2, createdAt: 1, updatedAt: 1 });
      await users.putGroup({ name: 'A', description: 'first', createdAt: 1, updatedAt: 1 });
      await users.putGroup({ name: 'A', description: 'changed', precedence: 0, createdAt: 9, updatedAt: 2 });
      expect(await users.listGroups()).toEqual([
        { name: 'A', description: 'changed', precedence: 0, createdAt: 1, updatedAt: 2 },
        { name: 'B', precedence: 2, createdAt: 1, updatedAt: 1 },
      ]);
      await users.deleteGroup('B');
      expect(await users.getGroup('B')).toBeUndefined();

      await users.create(user('22222222-2222-4222-8222-222222222222', 'late@example.com', 2000));
      await users.create(user('11111111-1111-4111-8111-111111111111', 'early@example.com', 1000));
      expect((await users.allUsers()).map((u) => u.username)).toEqual(['early@example.com', 'late@example.com']);
      const sub = '11111111-1111-4111-8111-111111111111';
      await users.putCode({ sub, purpose: 'signup', codeHash: 'h', expiresAt: 9, attempts: 0 });
      await users.deleteUser(sub);
      expect(await users.bySub(sub)).toBeUndefined();
      expect(await users.getCode(sub, 'signup')).toBeUndefined();
    });

    it('adds the outbox columns to an existing mailbox table, keeping its messages', async () => {
      await sql`drop table if exists hearth_mail`.execute(db);
      // the table as it was before the outbox
      await db.schema
        .createTable('hearth_mail')
        .addColumn('seq', dialect.engine === 'sqlite' ? 'integer' : 'bigserial', (c) =>
          dialect.engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db
        .insertInto('hearth_mail')
        .values({ id: 'old', recipient: 'a@x.io', subject: 's', text_body: 't', html_body: 'h', sent_at: 'x' })
        .execute();
      await createMailTables(db, dialect);
      await createMailTables(db, dialect); // idempotent
      expect(await mail.byId('old')).toMatchObject({ status: 'stored', attempts: 0 });
    });

    it('queues, claims once, and settles outbox messages', async () => {
      await createMailTables(db, dialect);
      await mail.enqueue({ id: 'm1', to: 'A@x.io', subject: 's', text: 't', html: 'h', sentAt: 'x', from: 'me@x.io' });
      expect((await mail.due(1000, 10)).map((m) => m.id)).toEqual(['m1']);
      expect(await mail.claim('m1', 1000, 61_000)).toBe(true);
      expect(await mail.claim('m1', 1000, 61_000)).toBe(false);
      expect(await mail.due(1000, 10)).toEqual([]);
      await mail.settle('m1', { status: 'queued', attempts: 1, nextAttemptAt: 5000, lastError: 'boom' });
      expect(await mail.due(1000, 10)).toEqual([]);
      expect((await mail.due(5000, 10))[0]).toMatchObject({
        id: 'm1',
        to: 'a@x.io',
        from: 'me@x.io',
        attempts: 1,
        lastError: 'boom',
        nextAttemptAt: 5000,
      });
      await mail.settle('m1', { status: 'sent', attempts: 2 });
      expect(await mail.byId('m1')).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await mail.due(9999, 10)).toEqual([]);
    });
  });
