/**
 * A sign-up writes its user, confirmation code and mail as one unit (architecture decision 12): all
 * three or none, and a mail whose row did not commit is never sent. Through the real AWS SDK client,
 * on SQLite and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set.
 */
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, RecordingMailer, type TestAuth } from '../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../test/support/auth-http-server.js';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import type { NewMail } from '../db/ports.js';
import { createMailTables, createSqlMailStore } from '../db/sql/mail-store.js';
import type { OutgoingMail, PreparedMail } from '../mail/types.js';

/** Keeps each message as a row of the mail table, under the ids it is given (so a test can reuse one). */
class MailTableMailer extends RecordingMailer {
  readonly ids: string[] = [];
  override prepare(mail: OutgoingMail): PreparedMail {
    const row: NewMail = { id: this.ids.shift() ?? crypto.randomUUID(), ...mail, sentAt: new Date(0).toISOString(), status: 'stored' };
    return { row, committed: () => void this.sent.push(mail) };
  }
}

const count = async (db: Kysely<any>, table: string) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`a sign-up's user, code and mail on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let t: TestAuth;
    let mailer: MailTableMailer;
    let server: AuthHttpServer;
    let client: CognitoIdentityProviderClient;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      const opened = await open();
      drop = opened.drop;
      await createMailTables(opened.db, dialect);
      mailer = new MailTableMailer();
      t = await createTestAuth({ store: { db: opened.db, dialect }, mailer });
      server = await startAuthHttpServer(t.auth);
      const credentials = { accessKeyId: 'unused', secretAccessKey: 'unused' };
      client = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    });
    afterEach(async () => {
      client.destroy();
      await server.close();
      await t.db.destroy();
      await drop();
    });

    const signUp = (email: string) =>
      client.send(
        new SignUpCommand({
          ClientId: t.ir.userPoolClientId,
          Username: email,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );

    it('are all written, and the mail is sent once they are', async () => {
      const up = await signUp('jane@example.com');
      expect(up.CodeDeliveryDetails?.Destination).toBe('j***@e***');
      expect(await t.users.byUsername('jane@example.com')).toMatchObject({ sub: up.UserSub, status: 'UNCONFIRMED' });
      expect(await t.users.getCode(up.UserSub as string, 'signup')).toBeDefined();
      const [message] = await createSqlMailStore(t.db).byRecipient('jane@example.com');
      expect(message?.text).toContain(t.mailer.lastCode('jane@example.com'));
    });

    it('are none written when the mail cannot be, after the user and the code: the client gets an internal error, no mail goes out', async () => {
      await createSqlMailStore(t.db).add({ id: 'taken', to: 'x@example.com', subject: 's', text: 't', html: 'h', sentAt: 'x' });
      mailer.ids.push('taken');
      await expect(signUp('jane@example.com')).rejects.toMatchObject({ name: 'InternalErrorException' });
      expect(await t.users.byUsername('jane@example.com')).toBeUndefined();
      expect(await count(t.db, 'hearth_codes')).toBe(0);
      expect(await count(t.db, 'hearth_mail')).toBe(1);
      expect(mailer.sent).toEqual([]);
      // and the address is still free
      await expect(signUp('jane@example.com')).resolves.toMatchObject({ UserConfirmed: false });
    });

    it('of a taken address: none written, no mail sent', async () => {
      await signUp('jane@example.com');
      await expect(signUp('Jane@example.com')).rejects.toMatchObject({ name: 'UsernameExistsException' });
      expect(await count(t.db, 'hearth_users')).toBe(1);
      expect(await count(t.db, 'hearth_codes')).toBe(1);
      expect(await count(t.db, 'hearth_mail')).toBe(1);
      expect(mailer.sent).toHaveLength(1);
    });
  });
