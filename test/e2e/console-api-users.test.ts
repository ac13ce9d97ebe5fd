/**
 * The console's users and mailbox endpoints on the sandbox of the user-profile example: a user who
 * signs up through the real Cognito client shows up (live, on the event stream) with the mail that
 * carries their code; confirming from the console runs post-confirmation (the profile row appears);
 * disable, enable, groups, reset and delete go through the same admin operations as the Cognito API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { type ConsoleClient, consoleClient, openEvents, until } from '../support/console-client.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';

for (const engine of E2E_ENGINES)
  describe.skipIf(Boolean(engine.skip))(
    `console API: users and mail (sandbox on ${engine.name}${engine.skip ? `, skipped: ${engine.skip}` : ''})`,
    () => {
      const app = copyExample('user-profile');
      let database: Awaited<ReturnType<typeof databaseFor>>;
      let backend: RunningBackend;
      let con: ConsoleClient;
      let cognito: CognitoIdentityProviderClient;
      let clientId: string;

      beforeAll(async () => {
        database = await databaseFor(engine.name);
        backend = await startBackend({
          projectRoot: app.dir,
          host: '127.0.0.1',
          port: 0,
          mailbox: true,
          logger: silentLogger,
          databaseUrl: database.url,
        });
        con = consoleClient(backend.urls.base);
        const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
        clientId = outputs.auth.user_pool_client_id;
        cognito = new CognitoIdentityProviderClient({
          region: outputs.auth.aws_region,
          endpoint: outputs.custom.hearth.userPoolEndpoint,
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        });
      }, 60_000);

      afterAll(async () => {
        await backend?.close();
        await database?.drop();
        app.remove();
      });

      it('says it is the sandbox and hands out a CSRF token', async () => {
        const s = await con.get('session');
        expect(s.status).toBe(200);
        expect(s.body).toMatchObject({ mode: 'sandbox', signedIn: true });
        expect(s.body.csrfToken).toMatch(/^[\w-]{20,}$/);
      });

      it('shows a signed-up user and their code live, and confirming runs post-confirmation', async () => {
        const events = await openEvents(backend.urls.base);
        expect(events.contentType).toBe('text/event-stream');
        await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ann@example.com', Password: 'Correct-horse-9' }));
        await until('user and mail events', () =>
          events.events.some((e) => e.type === 'user') && events.events.some((e) => e.type === 'mail' && e.data.to === 'ann@example.com')
            ? true
            : undefined,
        );
        const list = await con.get('users?search=ann');
        expect(list.body.users).toHaveLength(1);
        const ann = list.body.users[0];
        expect(ann).toMatchObject({ email: 'ann@example.com', status: 'UNCONFIRMED', enabled: true, groups: [] });
        expect(JSON.stringify(ann)).not.toMatch(/srp|passwordHash|scrypt/i);
        const mail = await con.get('mail?to=ann@example.com');
        expect(mail.body.messages[0].code).toMatch(/^\d{6}$/);

        const refused = await con.send('POST', `users/${ann.username}/confirm`, undefined, { 'x-hearth-csrf': 'wrong' });
        expect(refused.status).toBe(403);
        expect((await con.get(`users/${ann.username}`)).body.user.status).toBe('UNCONFIRMED');

        const confirmed = await con.send('POST', `users/${ann.username}/confirm`);
        expect(confirmed.status).toBe(200);
        expect(confirmed.body.user.status).toBe('CONFIRMED');
        // post-confirmation wrote the profile: its record change reaches the stream
        await until('the profile record event', () =>
          events.events.find((e) => e.type === 'record' && e.data.model === 'UserProfile' && e.data.record.email === 'ann@example.com'),
        );
        events.close();
      });

      it("a confirmation through Cognito's ConfirmSignUp shows live too", async () => {
        const events = await openEvents(backend.urls.base);
        await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'eli@example.com', Password: 'Correct-horse-9' }));
        const code = await latestCode(Number(new URL(backend.urls.base).port), 'eli@example.com');
        const sub = (await con.get('users?search=eli')).body.users[0].sub;
        const before = events.events.length;
        await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'eli@example.com', ConfirmationCode: code }));
        await until('the confirmation event', () => events.events.slice(before).find((e) => e.type === 'user' && e.data.sub === sub));
        expect((await con.get(`users/${sub}`)).body.user.status).toBe('CONFIRMED');
        events.close();
      });

      it('disables, enables, groups, resets and deletes through the admin operations', async () => {
        const { user } = (await con.send('POST', 'users', { email: 'bob@example.com', password: 'Correct-horse-9', permanent: true })).body;
        expect(user.status).toBe('CONFIRMED');
        const signIn = () =>
          cognito.send(
            new InitiateAuthCommand({
              ClientId: clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: 'bob@example.com', PASSWORD: 'Correct-horse-9' },
            }),
          );
        await expect(signIn()).resolves.toBeDefined();
        expect((await con.send('POST', `users/${user.username}/disable`)).body.user.enabled).toBe(false);
        await expect(signIn()).rejects.toThrow(/disabled/i);
        expect((await con.send('POST', `users/${user.username}/enable`)).body.user.enabled).toBe(true);

        const missing = await con.send('PUT', `users/${user.username}/groups/nope`);
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe('ResourceNotFound');

        expect((await con.send('POST', `users/${user.username}/reset-password`)).body.user.status).toBe('RESET_REQUIRED');
        await expect(signIn()).rejects.toThrow(/reset/i);
        expect((await con.get('mail?to=bob@example.com')).body.messages[0].code).toMatch(/^\d{6}$/);

        expect((await con.send('DELETE', `users/${user.username}`)).status).toBe(200);
        const gone = await con.get(`users/${user.username}`);
        expect(gone.status).toBe(404);
        expect(gone.body.error.code).toBe('UserNotFound');
      });

      it("keeps a user's sign-in history: failures, the lockout, and the success", async () => {
        const { user } = (
          await con.send('POST', 'users', { email: 'cat@example.com', password: 'Correct-horse-9', permanent: true, invite: false })
        ).body;
        const signIn = (password: string) =>
          cognito.send(
            new InitiateAuthCommand({
              ClientId: clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: 'cat@example.com', PASSWORD: password },
            }),
          );
        await expect(signIn('Correct-horse-9')).resolves.toBeDefined();
        for (let i = 0; i < 5; i++) await expect(signIn('Wrong-horse-9')).rejects.toThrow(/Incorrect/);
        await expect(signIn('Correct-horse-9')).rejects.toThrow(/attempts exceeded/);
        const detail = (await con.get(`users/${user.username}`)).body;
        expect(detail.user.lockedUntil).not.toBeNull();
        const h = detail.signIns as { method: string; ok: boolean; reason?: string; lockedOut: boolean; time: string }[];
        await until('the lockout refusal recorded', async () =>
          (await con.get(`users/${user.username}`)).body.signIns[0]?.reason === 'LockedOut' ? true : undefined,
        );
        const after = (await con.get(`users/${user.username}`)).body.signIns as typeof h;
        expect(after).toHaveLength(7);
        expect(after[0]).toMatchObject({ method: 'PASSWORD', ok: false, reason: 'LockedOut', lockedOut: true });
        expect(after[1]).toMatchObject({ method: 'PASSWORD', ok: false, reason: 'WrongCredentials', lockedOut: true });
        expect(after.filter((e) => !e.ok && e.reason === 'WrongCredentials')).toHaveLength(5);
        expect(after.at(-1)).toMatchObject({ method: 'PASSWORD', ok: true, lockedOut: false });
      });

      it('refuses bad input in its own error shape', async () => {
        const r = await con.send('POST', 'users', { email: 'not-an-email' });
        expect(r.status).toBe(400);
        expect(r.body.error).toMatchObject({ code: 'InvalidParameter' });
        const nf = await con.get('nothing-here');
        expect(nf.status).toBe(404);
        expect(nf.body.error.code).toBe('NotFound');
        const bad = await con.get('users?limit=0');
        expect(bad.status).toBe(400);
      });

      // last: it stops the listener
      it('an open event stream does not hold up a shutdown', async () => {
        const events = await openEvents(backend.urls.base);
        const t0 = Date.now();
        expect(await backend.drain(5_000)).toBe(0);
        expect(Date.now() - t0).toBeLessThan(2_000);
        events.close();
      });
    },
  );
