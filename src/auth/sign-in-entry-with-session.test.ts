/**
 * A proven password's history entry is written with the session's refresh token (one statement on
 * PostgreSQL), before a refusal or a challenge otherwise, and a history that cannot be written
 * still leaves the sign-in as it was.
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, srpAnswer, type TestAuth } from '../../test/support/auth-fakes.js';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import { countingStatements } from '../../test/support/statement-counter.js';
import { silentLogger } from '../util/logger.js';
import type { AuthResult, SignInResult } from './service-types.js';

const EMAIL = 'jane@example.com';
const PASSWORD = 'Passw0rd!';

for (const engine of STORE_ENGINES)
  describe.skipIf(Boolean(engine.skip))(
    `a sign-in's history entry and its session on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`,
    () => {
      let t: TestAuth;
      let db: Kysely<any>;
      let drop: () => Promise<void>;
      let sub: string;
      let counter: { statements: number };
      const warnings: string[] = [];

      beforeEach(async () => {
        ({ db, drop } = await engine.open());
        const counting = countingStatements(db);
        counter = counting.counter;
        warnings.length = 0;
        const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
        t = await createTestAuth({ store: { db: counting.db, dialect: engine.dialect }, history: true, logger });
        sub = await confirmedUser(t, EMAIL, PASSWORD);
      });
      afterEach(async () => {
        await db.destroy();
        await drop();
      });

      const srpSignIn = async (): Promise<SignInResult> => t.auth.respondPasswordVerifier(await srpAnswer(t, EMAIL, PASSWORD));
      const refresh = (r: SignInResult) =>
        t.auth.refresh({ clientId: t.ir.userPoolClientId, refreshToken: (r as AuthResult).refreshToken ?? '' });
      const success = (method: string) => ({ time: new Date(t.clock.now()).toISOString(), method, ok: true, lockedOut: false });
      const tokenRows = async () =>
        Number((await sql<{ n: number }>`select count(*) as n from hearth_refresh_tokens where sub = ${sub}`.execute(db)).rows[0]?.n);

      it('records the success and stores a refresh token that works, in one statement on PostgreSQL', async () => {
        await srpSignIn(); // the first spend also sweeps expired blocks
        t.clock.advance(1000);
        const answer = await srpAnswer(t, EMAIL, PASSWORD);
        counter.statements = 0;
        const r = await t.auth.respondPasswordVerifier(answer);
        // spend and read, then entry, trim and token; SQLite: two, two and one (in process)
        expect(counter.statements).toBe(engine.dialect.engine === 'postgres' ? 2 : 5);
        await expect(refresh(r)).resolves.toMatchObject({ accessToken: expect.any(String) });
        expect(await t.signIns?.recent(sub, 50)).toEqual([
          success('SRP'),
          { ...success('SRP'), time: new Date(t.clock.now() - 1000).toISOString() },
        ]);
        const password = await t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username: EMAIL, password: PASSWORD });
        await expect(refresh(password)).resolves.toMatchObject({ idToken: expect.any(String) });
        expect((await t.signIns?.recent(sub, 1))?.[0]).toEqual(success('PASSWORD'));
        expect(await tokenRows()).toBe(3);
      });

      it('still signs in, with a refresh token, when the history cannot be written', async () => {
        await sql`drop table hearth_sign_ins`.execute(db);
        const r = await srpSignIn();
        await expect(refresh(r)).resolves.toMatchObject({ accessToken: expect.any(String) });
        expect(warnings).toEqual([expect.stringContaining(`could not record a sign-in of ${sub}`)]);
        expect(await tokenRows()).toBe(1);
      });

      it('records the success before refusing a disabled user, and before a new-password challenge', async () => {
        await t.users.update(sub, { enabled: false });
        await expect(srpSignIn()).rejects.toMatchObject({ code: 'NotAuthorized', message: 'User is disabled.' });
        expect(await t.signIns?.recent(sub, 50)).toEqual([success('SRP')]);
        await t.users.update(sub, { enabled: true, status: 'FORCE_CHANGE_PASSWORD' });
        t.clock.advance(1000);
        await expect(srpSignIn()).resolves.toMatchObject({ challengeName: 'NEW_PASSWORD_REQUIRED' });
        expect((await t.signIns?.recent(sub, 50))?.[0]).toEqual(success('SRP'));
        expect(await tokenRows()).toBe(0);
      });
    },
  );
