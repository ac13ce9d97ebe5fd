/**
 * The security columns and the single-use table, on SQLite and on PostgreSQL when
 * HEARTH_TEST_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import { userRecord } from '../../../test/support/user-builders.js';
import type { UserRecord, UserStore } from '../ports.js';
import { USED_ONCE_SWEEP_MS } from './user-security.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

const SUB = '11111111-1111-4111-8111-111111111111';

const user = (): UserRecord =>
  userRecord({ status: 'CONFIRMED', attributes: { sub: SUB, email: 'jane@example.com', email_verified: 'true' } });

const engines = STORE_ENGINES;

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`user security storage on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let db: Kysely<any>;
    let drop: () => Promise<void>;
    let users: UserStore;

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createUserTables(db, dialect);
      users = createSqlUserStore(db, dialect);
      await users.create(user());
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    it('round-trips lockout, MFA and pending attributes, and clears them', async () => {
      const mfa = { totpSecret: 'sealed', totpEnabled: true, preferred: 'SOFTWARE_TOKEN_MFA' as const };
      await users.update(SUB, { lockedUntil: 1_700_000_001_000, mfa, pendingAttributes: { email: 'new@example.com' } });
      expect(await users.bySub(SUB)).toMatchObject({
        lockedUntil: 1_700_000_001_000,
        mfa,
        pendingAttributes: { email: 'new@example.com' },
      });
      await users.update(SUB, { lockedUntil: 0, failedSignIns: 0, pendingAttributes: {} });
      const cleared = await users.byUsername('jane@example.com');
      expect(cleared?.pendingAttributes).toBeUndefined();
      expect(cleared?.lockedUntil ?? 0).toBe(0);
    });

    it('counts concurrent failed sign-ins atomically', async () => {
      const counts = await Promise.all(Array.from({ length: 8 }, () => users.bumpFailedSignIns(SUB)));
      expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await users.bySub(SUB))?.failedSignIns).toBe(8);
    });

    it('records a key as used once, until it expires', async () => {
      expect(await users.spendOnce('srp:abc', 2000, 1000)).toBe(true);
      expect(await users.spendOnce('srp:abc', 2000, 1500)).toBe(false);
      const racing = await Promise.all([users.spendOnce('srp:def', 2000, 1000), users.spendOnce('srp:def', 2000, 1000)]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      // an expired entry can be spent again, even before a sweep removed it
      expect(await users.spendOnce('srp:abc', 4000, 2500)).toBe(true);
      expect(await users.spendOnce('srp:abc', 4000, 3000)).toBe(false);
      // expired entries are swept (at most once a minute), so the table does not grow forever
      expect(await users.spendOnce('srp:ghi', 200_000, 1000 + USED_ONCE_SWEEP_MS)).toBe(true);
      const left = await sql<{ key: string }>`select key from hearth_used_once order by key`.execute(db);
      expect(left.rows.map((r) => r.key)).toEqual(['srp:ghi']);
    });

    it('spends a key and reads the user in one call, the same key only once', async () => {
      await users.update(SUB, { failedSignIns: 2, lockedUntil: 1500 });
      const first = await users.spendOnceAndRead('srp:abc', 2000, 1000, SUB);
      expect(first).toEqual({ fresh: true, user: await users.bySub(SUB) });
      expect(first.user).toMatchObject({ sub: SUB, failedSignIns: 2, lockedUntil: 1500, attributes: user().attributes });
      expect(await users.spendOnceAndRead('srp:abc', 2000, 1500, SUB)).toEqual({ fresh: false });
      expect(await users.spendOnce('srp:abc', 2000, 1500)).toBe(false);
      const racing = await Promise.all([
        users.spendOnceAndRead('srp:def', 2000, 1000, SUB),
        users.spendOnceAndRead('srp:def', 2000, 1000, SUB),
      ]);
      expect(racing.filter((r) => r.fresh)).toHaveLength(1);
      // a user gone since the key was made: the key is spent all the same
      expect(await users.spendOnceAndRead('srp:jkl', 2000, 1000, 'no-such-sub')).toEqual({ fresh: true });
      expect(await users.spendOnce('srp:jkl', 2000, 1000)).toBe(false);
      // an expired entry can be spent again
      expect((await users.spendOnceAndRead('srp:abc', 4000, 2500, SUB)).fresh).toBe(true);
    });

    it('adds the columns to a users table made by an older version', async () => {
      for (const column of ['failed_sign_ins', 'locked_until', 'mfa', 'pending_attributes']) {
        await sql`alter table hearth_users drop column ${sql.ref(column)}`.execute(db);
      }
      await createUserTables(db, dialect);
      await users.update(SUB, { failedSignIns: 3, mfa: { emailEnabled: true } });
      expect(await users.bySub(SUB)).toMatchObject({ failedSignIns: 3, mfa: { emailEnabled: true } });
    });
  });
