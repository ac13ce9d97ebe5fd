/** SRP step 2 for an unknown user (the decoy challenge) does the work of a wrong password: same error, key derivation, statements. */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmedUser, createTestAuth, srpAnswer, type TestAuth } from '../../test/support/auth-fakes.js';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import { countingStatements } from '../../test/support/statement-counter.js';
import { srpSessionKey } from './srp.js';

vi.mock('./srp.js', async (importOriginal) => {
  const srp = await importOriginal<typeof import('./srp.js')>();
  return { ...srp, srpSessionKey: vi.fn(srp.srpSessionKey) };
});

const EMAIL = 'jane@example.com';
const PASSWORD = 'Passw0rd!';

for (const engine of STORE_ENGINES)
  describe.skipIf(Boolean(engine.skip))(
    `SRP step 2 of an unknown user on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`,
    () => {
      let t: TestAuth;
      let db: Kysely<any>;
      let drop: () => Promise<void>;
      let counter: { statements: number };

      beforeEach(async () => {
        ({ db, drop } = await engine.open());
        const counting = countingStatements(db);
        counter = counting.counter;
        t = await createTestAuth({ store: { db: counting.db, dialect: engine.dialect } });
        await confirmedUser(t, EMAIL, PASSWORD);
      });
      afterEach(async () => {
        await db.destroy();
        await drop();
      });

      /** Both steps of an SRP sign-in; returns the step 2 refusal, its statements and its key derivations. */
      async function refusedStep2(username: string, password: string) {
        const answer = await srpAnswer(t, username, password);
        vi.mocked(srpSessionKey).mockClear();
        counter.statements = 0;
        const error = await t.auth.respondPasswordVerifier(answer).then(
          () => undefined,
          (e: Error) => e,
        );
        return {
          error: { name: error?.name, ...error, message: error?.message },
          statements: counter.statements,
          keys: vi.mocked(srpSessionKey).mock.calls.length,
        };
      }

      it('fails like a wrong password: the same error after the same key derivation and statements', async () => {
        await refusedStep2(EMAIL, 'Wrong-pass1'); // the first spend also sweeps expired blocks
        const wrongPassword = await refusedStep2(EMAIL, 'Wrong-pass1');
        const unknownUser = await refusedStep2('nobody@example.com', PASSWORD);
        expect(wrongPassword.error).toMatchObject({ code: 'NotAuthorized', message: 'Incorrect username or password.' });
        expect(unknownUser.error).toEqual(wrongPassword.error);
        expect(wrongPassword.keys).toBe(1);
        expect(unknownUser.keys).toBe(1);
        expect(unknownUser.statements).toBe(wrongPassword.statements);
      });
    },
  );
