/**
 * allow.owner() stores what AppSync's resolvers write for Gen 2 (useSubUsernameForDefaultIdentityClaim):
 * `<sub>::<username>`, and hands clients the part after `::`. A row whose owner holds the bare `sub`
 * (as older Hearth versions and hand-written triggers stored it) stays the owner's, and no one else's.
 */
import { join } from 'node:path';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp } from '../fixtures/gen2-apps/fixture-app.js';
import { peekDatabase } from '../support/db-peek.js';
import { latestCode } from '../support/mailbox.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

let app: FixtureApp;
let sandbox: SandboxProcess;
let port: number;

beforeAll(async () => {
  app = copyFixture('owner-todo');
  port = await freePort();
  sandbox = await startSandbox({ cwd: app.dir, port });
  configureAmplify(app.outputs());
});

afterAll(async () => {
  await sandbox?.stop();
  app?.remove();
});

async function signedIn(email: string): Promise<string> {
  await signOut();
  await signUp({ username: email, password: 'Owner-field-9!', options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: await latestCode(port, email) });
  await signIn({ username: email, password: 'Owner-field-9!' });
  return (await fetchAuthSession()).tokens!.accessToken.payload.sub as string;
}

it('stores <sub>::<username>, shows the username, and keeps a bare-sub row readable by its owner only', async () => {
  const sub = await signedIn('owner@example.com');
  const client = generateClient() as any;
  const filled = await client.models.Todo.create({ content: 'owner filled in' });
  expect(filled.errors).toBeUndefined();
  // email sign-in: the user pool's username is the sub (username attributes), so the read-back is the sub
  expect(filled.data.owner).toBe(sub);
  const old = await client.models.Todo.create({ content: 'old style' });
  expect(old.errors).toBeUndefined();

  const file = join(app.dir, '.amplify', 'hearth', 'data.sqlite');
  const peek = await peekDatabase({ sqliteFile: file });
  const rows = await peek.all<{ content: string; owner: string }>('SELECT content, owner FROM "Todo" ORDER BY content');
  await peek.close();
  expect(rows).toEqual([
    { content: 'old style', owner: `${sub}::${sub}` },
    { content: 'owner filled in', owner: `${sub}::${sub}` },
  ]);
  // the row as an older Hearth stored it: the bare sub
  const raw = new Database(file);
  raw.pragma('busy_timeout = 5000');
  raw.prepare(`UPDATE "Todo" SET owner = ? WHERE content = 'old style'`).run(sub);
  raw.close();

  const mine = await client.models.Todo.list();
  expect(mine.data.map((t: { content: string }) => t.content).sort()).toEqual(['old style', 'owner filled in']);

  await signedIn('other@example.com');
  expect((await client.models.Todo.list()).data).toEqual([]);
  const denied = await client.models.Todo.get({ id: old.data.id });
  expect(denied.data).toBeNull();
});
