/**
 * The sign-in history on SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set: newest
 * first, per user, bounded (a user hammered by guesses keeps a fixed number of rows), and the
 * mail store's keyset page the console reads (newest first, by recipient, no count).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES, type StoreEngine } from '../../../test/support/pg-schema.js';
import type { MailStore, SignInHistoryStore } from '../ports.js';
import { createMailTables, createSqlMailStore } from './mail-store.js';
import { createSignInHistoryTables, createSqlSignInHistory } from './sign-in-history.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`sign-in history and mail pages on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let history: SignInHistoryStore;
    let mail: MailStore;
    let opened: Awaited<ReturnType<StoreEngine['open']>>;

    beforeEach(async () => {
      opened = await open();
      await createSignInHistoryTables(opened.db, dialect);
      await createMailTables(opened.db, dialect);
      history = createSqlSignInHistory(opened.db, dialect);
      mail = createSqlMailStore(opened.db);
    });
    afterEach(async () => opened.drop());

    it('keeps the newest entries of each user, newest first', async () => {
      for (let i = 0; i < 8; i++)
        await history.add(
          'ann',
          {
            time: `2026-01-01T00:00:0${i}Z`,
            method: 'SRP',
            ok: i === 7,
            reason: i === 7 ? undefined : 'WrongCredentials',
            lockedOut: i === 6,
          },
          5,
        );
      await history.add('bob', { time: '2026-01-01T00:00:00Z', method: 'PASSWORD', ok: true, lockedOut: false }, 5);
      const ann = await history.recent('ann', 50);
      expect(ann.map((e) => e.time)).toEqual([
        '2026-01-01T00:00:07Z',
        '2026-01-01T00:00:06Z',
        '2026-01-01T00:00:05Z',
        '2026-01-01T00:00:04Z',
        '2026-01-01T00:00:03Z',
      ]);
      expect(ann[0]).toEqual({ time: '2026-01-01T00:00:07Z', method: 'SRP', ok: true, lockedOut: false });
      expect(ann[1]).toMatchObject({ ok: false, reason: 'WrongCredentials', lockedOut: true });
      expect(await history.recent('bob', 50)).toHaveLength(1);
    });

    it.skipIf(dialect.engine !== 'postgres')('writes an entry and a refresh token together, trimming as add does', async () => {
      await createUserTables(opened.db, dialect);
      const users = createSqlUserStore(opened.db, dialect);
      const at = (i: number) => ({ time: `2026-01-01T00:00:0${i}Z`, method: 'SRP', ok: true, lockedOut: false });
      for (let i = 0; i < 4; i++) await history.add('ann', at(i), 3);
      const token = { tokenHash: 'h1', sub: 'ann', clientId: 'c', originJti: 'o1', expiresAt: 99, revoked: false };
      await history.addWithRefreshToken?.('ann', at(4), 3, token);
      expect((await history.recent('ann', 50)).map((e) => e.time)).toEqual([at(4).time, at(3).time, at(2).time]);
      expect(await users.getRefreshToken('h1')).toEqual(token);
      await expect(history.addWithRefreshToken?.('ann', at(5), 3, token)).rejects.toThrow(/duplicate key/);
      // the statement failed as a whole: no entry without its token
      expect((await history.recent('ann', 1))[0]?.time).toBe(at(4).time);
    });

    it('pages the mailbox newest first, by recipient, with a keyset cursor', async () => {
      for (let i = 0; i < 5; i++)
        await mail.add({
          id: `m${i}`,
          to: i % 2 ? 'Bob@x.io' : 'ann@x.io',
          subject: `s${i}`,
          text: 't',
          html: 'h',
          sentAt: `2026-01-01T00:00:0${i}Z`,
        });
      const p1 = await mail.page({ limit: 2 });
      expect(p1.messages.map((m) => m.id)).toEqual(['m4', 'm3']);
      const p2 = await mail.page({ limit: 2, before: p1.next });
      expect(p2.messages.map((m) => m.id)).toEqual(['m2', 'm1']);
      const p3 = await mail.page({ limit: 2, before: p2.next });
      expect(p3).toEqual({ messages: [expect.objectContaining({ id: 'm0' })] });
      expect((await mail.page({ to: 'bob@x.io', limit: 10 })).messages.map((m) => m.id)).toEqual(['m3', 'm1']);
    });
  });
