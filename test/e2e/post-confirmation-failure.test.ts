/**
 * A failed postConfirmation, as Cognito does it and as issue 9 asks: through the unmodified
 * aws-amplify v6 client, ConfirmSignUp answers UserLambdaValidationException yet the user is
 * CONFIRMED (signs in; a second confirmation is refused), and the invocation is kept as failed
 * with its event. Once the handler is fixed, `hearth triggers retry <id>` (the built CLI) runs it
 * through the server and the user ends where a successful confirmation leaves one: in the group the
 * trigger adds it to, like a user confirmed after the fix. Runs `dist/`: `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { hearthBin, repoRoot } from '../support/app-copy.js';
import { writeAppFiles } from '../support/crash-support.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';

const PASSWORD = 'Correct-horse-9';

const app = (flag: string): Record<string, string> => ({
  'package.json': '{"name":"post-confirmation-failure","type":"module"}',
  'amplify/package.json': '{"type":"module"}',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
defineBackend({ auth });
`,
  'amplify/auth/resource.ts': `import { defineAuth, defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'post-confirmation', entry: './post-confirmation.ts', environment: { GROUP_NAME: 'EVERYONE' } });
export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['EVERYONE'],
  triggers: { postConfirmation },
  access: (allow) => [allow.resource(postConfirmation).to(['addUserToGroup'])],
});
`,
  // fails until the test creates the flag (the developer's fix), then adds the user to its group
  'amplify/auth/post-confirmation.ts': `import { existsSync } from 'node:fs';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { env } from '$amplify/env/post-confirmation';
const client = new CognitoIdentityProviderClient();
export const handler = async (event) => {
  if (!existsSync(${JSON.stringify(flag)})) throw new Error('profile service down');
  await client.send(new AdminAddUserToGroupCommand({ GroupName: env.GROUP_NAME, Username: event.userName, UserPoolId: env.AMPLIFY_AUTH_USERPOOL_ID }));
  return event;
};
`,
});

/** runs the built CLI in the app folder; resolves with its exit code and output */
function hearth(dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [hearthBin, ...args], { cwd: dir, env: { ...process.env, HEARTH_DATABASE_URL: '' } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** signs in with SRP as the Amplify client does; returns the ID token's groups, then signs out */
async function groupsAfterSignIn(username: string): Promise<unknown> {
  const r = await signIn({ username, password: PASSWORD });
  expect(r.isSignedIn).toBe(true);
  const groups = (await fetchAuthSession()).tokens?.idToken?.payload['cognito:groups'];
  await signOut();
  return groups;
}

for (const engine of E2E_ENGINES)
  describe.skipIf(Boolean(engine.skip))(
    `a failed postConfirmation on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`,
    () => {
      const dir = join(repoRoot, 'test-artifacts', `post-confirmation-${randomBytes(4).toString('hex')}`);
      const flag = join(dir, 'fixed');
      let database: Awaited<ReturnType<typeof databaseFor>>;
      let backend: RunningBackend;
      const port = () => Number(new URL(backend.urls.base).port);
      const ada = `ada-${engine.name}@example.com`;
      const bob = `bob-${engine.name}@example.com`;

      beforeAll(async () => {
        writeAppFiles(dir, app(flag));
        database = await databaseFor(engine.name);
        backend = await startBackend({
          projectRoot: dir,
          host: '127.0.0.1',
          port: 0,
          mailbox: true,
          logger: silentLogger,
          databaseUrl: database.url,
          triggers: { pollMs: 100 },
        });
        configureAmplify(JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')));
      }, 60_000);

      afterAll(async () => {
        await signOut().catch(() => {});
        await backend?.close();
        await database?.drop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('answers UserLambdaValidationException, leaves the user confirmed, and keeps the failure with its event', async () => {
        await signUp({ username: ada, password: PASSWORD, options: { userAttributes: { email: ada } } });
        const code = await latestCode(port(), ada);
        await expect(confirmSignUp({ username: ada, confirmationCode: code })).rejects.toMatchObject({
          name: 'UserLambdaValidationException',
          message: 'PostConfirmation failed with error profile service down.',
        });
        expect(await groupsAfterSignIn(ada)).toBeUndefined(); // confirmed: signs in, but the trigger's work is not done
        await expect(confirmSignUp({ username: ada, confirmationCode: code })).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'User cannot be confirmed. Current status is CONFIRMED',
        });
        const rows = await backend.db.invocations.list({ limit: 10 });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          functionName: 'post-confirmation',
          source: 'cognito:PostConfirmation_ConfirmSignUp',
          status: 'failed',
          attempts: 1,
          lastError: 'Error: profile service down',
        });
        const attrs = (rows[0]?.event as { request?: { userAttributes?: Record<string, string> } } | undefined)?.request?.userAttributes;
        expect(attrs).toMatchObject({ email: ada, email_verified: 'true', 'cognito:user_status': 'CONFIRMED' });
      }, 30_000);

      it('`hearth triggers retry` after the fix runs it, and the user ends where a successful confirmation leaves one', async () => {
        const [failed] = await backend.db.invocations.list({ status: 'failed', limit: 1 });
        const dbArgs = database.url ? ['--database-url', database.url] : [];
        const before = await hearth(dir, ['triggers', 'retry', failed?.id as string, '--wait', '20', ...dbArgs]);
        expect(before.code).toBe(1);
        expect(before.out).toContain('failed again (attempt 2, failed): Error: profile service down');

        writeFileSync(flag, 'yes');
        const retried = await hearth(dir, ['triggers', 'retry', failed?.id as string, '--wait', '20', ...dbArgs]);
        expect(retried.out).toContain('succeeded on attempt 3');
        expect(retried.code).toBe(0);
        expect(await groupsAfterSignIn(ada)).toEqual(['EVERYONE']);

        // a user confirmed after the fix, for comparison: same status, attributes and groups
        await signUp({ username: bob, password: PASSWORD, options: { userAttributes: { email: bob } } });
        await confirmSignUp({ username: bob, confirmationCode: await latestCode(port(), bob) });
        expect(await groupsAfterSignIn(bob)).toEqual(['EVERYONE']);
        const state = async (email: string) => {
          const u = await backend.db.users.byUsername(email);
          return { status: u?.status, emailVerified: u?.attributes.email_verified, groups: u?.groups };
        };
        expect(await state(ada)).toEqual(await state(bob));
        expect(await state(ada)).toEqual({ status: 'CONFIRMED', emailVerified: 'true', groups: ['EVERYONE'] });
        expect((await backend.db.invocations.list({ status: 'failed', limit: 10 })).map((r) => r.id)).toEqual([]);
      }, 60_000);
    },
  );
