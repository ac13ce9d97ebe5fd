/**
 * The seed's app end to end: `hearth sandbox` on examples/user-profile, driven by the unmodified
 * aws-amplify v6 client exactly as a browser app would, on SQLite and on PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyExample, hearthBin } from '../support/app-copy.js';
import { latestCode, mailboxOf } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const PASSWORD = 'Correct-horse-9';

for (const engine of E2E_ENGINES) {
  const title = `user-profile app on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let app: ReturnType<typeof copyExample>;
    let sandbox: SandboxProcess;
    let port: number;
    let db: Awaited<ReturnType<typeof databaseFor>> | undefined;
    const run = Date.now().toString(36);
    const alice = `alice-${run}@example.com`;
    const bob = `bob-${run}@example.com`;

    const outputs = () => JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
    const _mailbox = async (to: string) => ({ messages: await mailboxOf(port, to) });
    const codeFor = (to: string) => latestCode(port, to);
    const signUpAndConfirm = async (email: string) => {
      const r = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
      expect(r.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
      const c = await confirmSignUp({ username: email, confirmationCode: await codeFor(email) });
      expect(c.isSignUpComplete).toBe(true);
    };
    const profiles = async () => {
      const client: any = generateClient({ authMode: 'userPool' });
      const { data, errors } = await client.models.UserProfile.list();
      expect(errors).toBeUndefined();
      return data as { email: string; profileOwner: string; id: string }[];
    };

    beforeAll(async () => {
      app = copyExample('user-profile');
      const committed = readFileSync(join(app.dir, 'amplify/auth/post-confirmation/graphql/mutations.ts'), 'utf8');
      // the seed's handler imports the statements ampx would generate; the example ships them
      execFileSync(process.execPath, [hearthBin, 'generate', 'graphql-client-code', '--out', 'amplify/auth/post-confirmation/graphql'], {
        cwd: app.dir,
      });
      expect(readFileSync(join(app.dir, 'amplify/auth/post-confirmation/graphql/mutations.ts'), 'utf8')).toBe(committed);
      db = await databaseFor(engine.name);
      port = await freePort();
      sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl: db?.url });
      configureAmplify(outputs());
    });

    afterAll(async () => {
      await signOut().catch(() => {});
      await sandbox?.stop();
      await db?.drop();
      app?.remove();
    });

    it('prints one ready line with the URLs and writes amplify_outputs.json without secrets', () => {
      expect(sandbox.readyLine).toContain(`http://127.0.0.1:${port}/graphql`);
      const o = outputs();
      expect(o.auth.user_pool_id).toMatch(/^us-east-1_/);
      expect(o.data.model_introspection.models.UserProfile).toBeDefined();
      expect(JSON.stringify(o)).not.toMatch(/PRIVATE KEY|secret/i);
    });

    it('signs up, confirms with the mailed code, and the trigger creates exactly one profile', async () => {
      await signUpAndConfirm(alice);
      expect(sandbox.output()).toMatch(new RegExp(`to ${alice}`));
      const { nextStep } = await signIn({ username: alice, password: PASSWORD });
      expect(nextStep.signInStep).toBe('DONE');
      const me = await getCurrentUser();
      const list = await profiles();
      expect(list).toHaveLength(1);
      expect(list[0]?.email).toBe(alice);
      // read back with the `sub::` prefix stripped, as AppSync's owner field resolver does
      expect(list[0]?.profileOwner).toBe(me.username);
      const session = await fetchAuthSession();
      expect(session.tokens?.accessToken.payload.sub).toBe(me.userId);
    });

    it('shows a second user only their own profile', async () => {
      await signOut();
      await signUpAndConfirm(bob);
      await signIn({ username: bob, password: PASSWORD });
      const list = await profiles();
      expect(list.map((p) => p.email)).toEqual([bob]);
    });

    it('refuses the API key on the owner-only model, in AppSync shape', async () => {
      const client: any = generateClient({ authMode: 'apiKey' });
      const { data, errors } = await client.models.UserProfile.list();
      expect(data).toEqual([]);
      expect(errors?.[0]?.errorType).toBe('Unauthorized');
    });

    it('keeps users and profiles across a sandbox restart', async () => {
      await signOut();
      expect(await sandbox.stop()).toBe(0);
      sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl: db?.url });
      await signIn({ username: alice, password: PASSWORD });
      const list = await profiles();
      expect(list.map((p) => p.email)).toEqual([alice]);
    });
  });
}

// keep the singleton referenced so the config survives between tests in this file
void Amplify;
