/**
 * Passwords live in the SRP verifier alone: nothing writes an scrypt hash any more, USER_PASSWORD_AUTH
 * and ChangePassword check the verifier, and users whose rows an older Hearth wrote (an scrypt hash
 * beside a bare-hex verifier, or beside a verifier that no longer opens) still sign in, and lose the
 * hash on their next successful sign-in. Through the real AWS SDK client, on SQLite and PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../../test/support/auth-fakes.js';
import { type AuthHttpServer, cognitoSdkClient, startAuthHttpServer } from '../../test/support/auth-http-server.js';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import { clientSignature, clientStart } from '../../test/support/srp-client.js';
import { hashPassword } from './password-hash.js';
import { createSealedBox } from './sealed-box.js';
import { computeSrpVerifier } from './srp.js';
import { formatSrpTimestamp } from './srp-timestamp.js';

const PASSWORD = 'Passw0rd!';
const WRONG = 'Wrong-pass1';
const refused = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };

interface StoredPassword {
  password_hash: string;
  srp_verifier: string;
}

for (const engine of STORE_ENGINES)
  describe.skipIf(Boolean(engine.skip))(
    `passwords in the verifier alone on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`,
    () => {
      let t: TestAuth;
      let db: Kysely<any>;
      let drop: () => Promise<void>;
      let server: AuthHttpServer;
      let client: CognitoIdentityProviderClient;
      const clientId = () => t.ir.userPoolClientId;

      beforeEach(async () => {
        ({ db, drop } = await engine.open());
        t = await createTestAuth({ store: { db, dialect: engine.dialect } });
        server = await startAuthHttpServer(t.auth);
        client = cognitoSdkClient(server);
      });
      afterEach(async () => {
        client.destroy();
        await server.close();
        await db.destroy();
        await drop();
      });

      const stored = async (sub: string) =>
        (await sql<StoredPassword>`select password_hash, srp_verifier from hearth_users where sub = ${sub}`.execute(db)).rows[0];

      const passwordSignIn = (username: string, password: string) =>
        client.send(
          new InitiateAuthCommand({
            ClientId: clientId(),
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: username, PASSWORD: password },
          }),
        );

      async function srpSignIn(username: string, password: string) {
        const { a, srpA } = clientStart();
        const start = await client.send(
          new InitiateAuthCommand({ ClientId: clientId(), AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpA } }),
        );
        const p = start.ChallengeParameters ?? {};
        const timestamp = formatSrpTimestamp(t.clock.now());
        const [userIdForSrp, secretBlock] = [p.USER_ID_FOR_SRP ?? '', p.SECRET_BLOCK ?? ''];
        const common = { poolName: 'hearth', userIdForSrp, salt: p.SALT ?? '', srpB: p.SRP_B ?? '', secretBlock, timestamp };
        const signature = clientSignature({ a, srpA, password, ...common });
        const responses = {
          USERNAME: userIdForSrp,
          PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
          TIMESTAMP: timestamp,
          PASSWORD_CLAIM_SIGNATURE: signature,
        };
        return client.send(
          new RespondToAuthChallengeCommand({ ClientId: clientId(), ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }),
        );
      }

      /** A confirmed user as an older Hearth wrote it: scrypt hash, and a bare-hex verifier or one sealed under a key since lost. */
      async function legacyUser(email: string, verifierAs: 'bare hex' | 'sealed under a lost key'): Promise<string> {
        const sub = randomUUID();
        const { salt, verifier } = computeSrpVerifier({ poolName: 'hearth', userId: sub, password: PASSWORD });
        const lost = () => `sealed:${createSealedBox(randomBytes(32)).seal(verifier)}`;
        await t.users.create({
          sub,
          username: email,
          status: 'CONFIRMED',
          enabled: true,
          attributes: { sub, email, email_verified: 'true' },
          srpSalt: salt,
          srpVerifier: verifierAs === 'bare hex' ? verifier : lost(),
          passwordHash: await hashPassword(PASSWORD),
          tokensValidAfter: 0,
          createdAt: t.clock.now(),
          updatedAt: t.clock.now(),
        });
        return sub;
      }

      it('signs up without a password hash, and USER_PASSWORD_AUTH checks the verifier', async () => {
        const email = 'new@example.com';
        const up = await client.send(
          new SignUpCommand({
            ClientId: clientId(),
            Username: email,
            Password: PASSWORD,
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        );
        await client.send(new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: t.mailer.lastCode(email) }));
        const row = await stored(up.UserSub ?? '');
        expect(row?.password_hash).toBe('');
        expect(row?.srp_verifier.startsWith('sealed:')).toBe(true);
        await expect(passwordSignIn(email, WRONG)).rejects.toMatchObject(refused);
        await expect(passwordSignIn('nobody@example.com', PASSWORD)).rejects.toMatchObject(refused);
        expect((await passwordSignIn(email, PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        expect((await srpSignIn(email, PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        // the address is taken: refused by the unique index, and the first user keeps their password
        const again = new SignUpCommand({ ClientId: clientId(), Username: 'NEW@example.com', Password: 'Other-Passw0rd!' });
        await expect(client.send(again)).rejects.toMatchObject({ name: 'UsernameExistsException' });
        await expect(passwordSignIn(email, 'Other-Passw0rd!')).rejects.toMatchObject(refused);
        expect((await passwordSignIn(email, PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
      });

      it('ChangePassword proves the previous password with the verifier', async () => {
        const email = 'change@example.com';
        await t.auth.signUp({ clientId: clientId(), username: email, password: PASSWORD, attributes: { email } });
        await t.auth.confirmSignUp({ clientId: clientId(), username: email, code: t.mailer.lastCode(email) });
        const AccessToken = (await passwordSignIn(email, PASSWORD)).AuthenticationResult?.AccessToken;
        const change = (previous: string) =>
          client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: previous, ProposedPassword: 'New-Passw0rd!' }));
        await expect(change(WRONG)).rejects.toMatchObject(refused);
        await change(PASSWORD);
        await expect(passwordSignIn(email, PASSWORD)).rejects.toMatchObject(refused);
        expect((await passwordSignIn(email, 'New-Passw0rd!')).AuthenticationResult?.AccessToken).toBeTruthy();
      });

      it('an older row (scrypt hash, bare-hex verifier) signs in with USER_PASSWORD_AUTH and loses the hash', async () => {
        const sub = await legacyUser('old@example.com', 'bare hex');
        await expect(passwordSignIn('old@example.com', WRONG)).rejects.toMatchObject(refused);
        expect((await stored(sub))?.password_hash).toMatch(/^scrypt\$/);
        expect((await passwordSignIn('old@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        const row = await stored(sub);
        expect(row?.password_hash).toBe('');
        expect(row?.srp_verifier.startsWith('sealed:')).toBe(true);
        expect((await passwordSignIn('old@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        expect((await srpSignIn('old@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
      });

      it('an older row signing in with SRP loses the hash too', async () => {
        const sub = await legacyUser('old-srp@example.com', 'bare hex');
        await expect(srpSignIn('old-srp@example.com', WRONG)).rejects.toMatchObject(refused);
        expect((await stored(sub))?.password_hash).toMatch(/^scrypt\$/);
        expect((await srpSignIn('old-srp@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        expect((await stored(sub))?.password_hash).toBe('');
      });

      it('an older row whose verifier no longer opens signs in with its scrypt hash once, and gets a fresh verifier', async () => {
        const sub = await legacyUser('lost@example.com', 'sealed under a lost key');
        // SRP has only the verifier to go by
        await expect(srpSignIn('lost@example.com', PASSWORD)).rejects.toMatchObject(refused);
        await expect(passwordSignIn('lost@example.com', WRONG)).rejects.toMatchObject(refused);
        const before = await stored(sub);
        expect(before?.password_hash).toMatch(/^scrypt\$/);
        expect((await passwordSignIn('lost@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        const after = await stored(sub);
        expect(after?.password_hash).toBe('');
        expect(after?.srp_verifier).not.toBe(before?.srp_verifier);
        expect((await srpSignIn('lost@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
        await expect(passwordSignIn('lost@example.com', WRONG)).rejects.toMatchObject(refused);
      });
    },
  );
