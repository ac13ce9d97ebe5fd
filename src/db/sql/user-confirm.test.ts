/**
 * ConfirmSignUp's write (UserStore.confirm): CONFIRMED, the sign-up code gone and the postConfirmation
 * invocation recorded in one transaction, so no user is confirmed without its trigger's row. On
 * SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import { noteSyncCommits } from '../../../test/support/sync-commit-notes.js';
import { userRecord } from '../../../test/support/user-builders.js';
import type { InvocationRecord, InvocationStore, UserRecord, UserStore } from '../ports.js';
import { createInvocationTables, createSqlInvocationStore } from './invocation-store.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

const T0 = 1_700_000_000_000;
const SUB = '11111111-1111-4111-8111-111111111111';

const user = (): UserRecord => userRecord({ sub: SUB, createdAt: T0, updatedAt: T0 });

const trigger = (id: string): InvocationRecord => ({
  id,
  functionName: 'post-confirmation',
  source: 'cognito:PostConfirmation_ConfirmSignUp',
  event: { triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: { email: 'jane@example.com' } } },
  status: 'pending',
  attempts: 1,
  maxAttempts: 1,
  createdAt: T0,
  updatedAt: T0,
  nextAttemptAt: T0,
  leaseUntil: T0 + 60_000,
});

const confirmed = { attributes: { email: 'jane@example.com', email_verified: 'true' }, updatedAt: T0 + 1 };

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`confirming a user with its trigger on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let users: UserStore;
    let invocations: InvocationStore;
    let db: Kysely<any>;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createUserTables(db, dialect);
      await createInvocationTables(db, dialect);
      users = createSqlUserStore(db, dialect);
      invocations = createSqlInvocationStore(db, dialect);
      await users.create(user());
      await users.putCode({ sub: SUB, purpose: 'signup', codeHash: 'h', expiresAt: T0 + 1000, attempts: 0 });
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    it('confirms, drops the code and records the running invocation, which no runner takes before its lease ends', async () => {
      expect(await users.confirm(SUB, { ...confirmed, enqueue: [trigger('t1')] })).toBe(true);
      expect(await users.bySub(SUB)).toMatchObject({ status: 'CONFIRMED', attributes: confirmed.attributes, updatedAt: T0 + 1 });
      expect(await users.getCode(SUB, 'signup')).toBeUndefined();
      expect(await invocations.get('t1')).toMatchObject({ status: 'pending', attempts: 1 });
      expect(await invocations.due(T0 + 59_999, 10)).toEqual([]);
      expect(await invocations.due(T0 + 60_000, 10)).toEqual(['t1']); // its runner died: a poll runs it
    });

    it.skipIf(name !== 'postgres')(
      'flushLater: the confirmation commits without waiting for its flush, and flushThrough of its row waits for both',
      async () => {
        await db.connection().execute(async (conn) => {
          const read = await noteSyncCommits(conn, ['hearth_users', 'hearth_invocations']);
          const store = createSqlUserStore(conn, dialect);
          expect(await store.confirm(SUB, { ...confirmed, enqueue: [trigger('t1')], flushLater: true })).toBe(true);
          await createSqlInvocationStore(conn, dialect).flushThrough('t1');
          expect(await read()).toEqual({
            notes: [
              { what: 'hearth_users UPDATE CONFIRMED', sync: 'off' },
              { what: 'hearth_invocations INSERT pending', sync: 'off' },
              { what: 'hearth_invocations UPDATE pending', sync: 'on' },
            ],
            connection: 'on',
          });
        });
        expect(await users.bySub(SUB)).toMatchObject({ status: 'CONFIRMED' });
        expect(await invocations.get('t1')).toMatchObject({ status: 'pending', attempts: 1 });
      },
    );

    it('a user no longer UNCONFIRMED is refused, and nothing is written', async () => {
      expect(await users.confirm(SUB, { ...confirmed, enqueue: [] })).toBe(true);
      expect(await users.confirm(SUB, { ...confirmed, updatedAt: T0 + 2, enqueue: [trigger('t2')] })).toBe(false);
      expect(await invocations.get('t2')).toBeUndefined();
      expect((await users.bySub(SUB))?.updatedAt).toBe(T0 + 1);
    });

    it('when the invocation cannot be written the user stays unconfirmed with its code: neither or both', async () => {
      await invocations.add(trigger('taken'));
      await expect(users.confirm(SUB, { ...confirmed, enqueue: [trigger('taken')] })).rejects.toThrow();
      expect((await users.bySub(SUB))?.status).toBe('UNCONFIRMED');
      expect(await users.getCode(SUB, 'signup')).toBeDefined();
    });
  });
