/**
 * referenceAuth between two Hearth apps on one database (a SQLite file, and a PostgreSQL schema):
 * the pool app serves the user pool; the other app's amplify/auth/resource.ts is
 * `referenceAuth({ userPoolId, userPoolClientId, … })` with the ids from the pool app's outputs.
 * The real aws-amplify client, configured from the second app's outputs, signs in at the pool app
 * and uses the second app's owner-ruled model. Without the pool on its database, the second app
 * stops with an error naming the pool and the file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp, failedStart } from '../fixtures/gen2-apps/fixture-app.js';
import { cognitoJson } from '../support/cognito-json.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

function fixture(name: string): FixtureApp {
  const app = copyFixture(name);
  cleanup.push(() => app.remove());
  return app;
}

async function sandboxOf(app: FixtureApp, databaseUrl?: string): Promise<{ port: number; sandbox: SandboxProcess }> {
  const port = await freePort();
  const sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl });
  cleanup.push(() => sandbox.stop().then(() => undefined));
  return { port, sandbox };
}

describe.each(E2E_ENGINES)('two apps on one $name database', ({ name, skip }) => {
  it.skipIf(Boolean(skip))("the second app's data API takes the pool app's tokens, with owner rules", async () => {
    const database = await databaseFor(name);
    cleanup.push(() => database.drop());
    const poolApp = fixture('reference-auth-pool');
    const pool = await sandboxOf(poolApp, database.url);
    const shared = database.url ?? pathToFileURL(join(poolApp.dir, '.amplify', 'hearth', 'data.sqlite')).href;
    const app = fixture('reference-auth-app');
    await sandboxOf(app, shared);

    // the ids in the second app's resource.ts are the ones the pool app wrote out
    const poolAuth = poolApp.outputs().auth;
    const outputs = app.outputs();
    expect(outputs.auth).toMatchObject({
      user_pool_id: poolAuth.user_pool_id,
      user_pool_client_id: poolAuth.user_pool_client_id,
      identity_pool_id: poolAuth.identity_pool_id,
      groups: poolAuth.groups,
      password_policy: poolAuth.password_policy,
    });
    expect(outputs.custom.hearth.userPoolEndpoint).toBe(poolApp.outputs().custom.hearth.userPoolEndpoint);
    expect(outputs.custom.hearth.userPoolEndpoint).toContain(`:${pool.port}`);

    configureAmplify(outputs);
    const signedIn = async (email: string) => {
      await signOut();
      await signUp({ username: email, password: 'Reference-auth-9!', options: { userAttributes: { email } } });
      await confirmSignUp({ username: email, confirmationCode: await latestCode(pool.port, email) });
      await signIn({ username: email, password: 'Reference-auth-9!' });
      return (await fetchAuthSession()).tokens!.accessToken.payload;
    };
    const client = generateClient() as any;
    const ada = await signedIn(`ada-${name}@example.com`);
    expect(ada.iss).toBe(`${new URL(poolApp.outputs().custom.hearth.userPoolEndpoint).origin}/${poolAuth.user_pool_id}`);
    const created = await client.models.Note.create({ body: 'written with a token of the pool app' });
    expect(created.errors).toBeUndefined();
    expect(created.data.owner).toBe(ada.sub);
    expect((await client.models.Note.list()).data.map((n: { body: string }) => n.body)).toEqual(['written with a token of the pool app']);

    // another user of the same pool sees none of it
    await signedIn(`bob-${name}@example.com`);
    expect((await client.models.Note.list()).data).toEqual([]);
    expect((await client.models.Note.get({ id: created.data.id })).data).toBeNull();

    // signed out: the owner-ruled model refuses the call
    await signOut();
    const anonymous = await client.models.Note.list().catch((e: Error) => ({ errors: [e] }));
    expect(anonymous.errors?.length).toBeGreaterThan(0);

    // a token of another Hearth app's pool (same pool id, its own database and keys) is refused
    const other = fixture('owner-todo');
    const otherPort = (await sandboxOf(other)).port;
    const cognito = other.outputs().custom.hearth.userPoolEndpoint;
    const ClientId = other.outputs().auth.user_pool_client_id;
    const eve = { Username: `eve-${name}@example.com`, Password: 'Reference-auth-9!' };
    await cognitoJson(cognito, 'SignUp', { ClientId, ...eve, UserAttributes: [{ Name: 'email', Value: eve.Username }] });
    await cognitoJson(cognito, 'ConfirmSignUp', {
      ClientId,
      Username: eve.Username,
      ConfirmationCode: await latestCode(otherPort, eve.Username),
    });
    const signedInEve = await cognitoJson(cognito, 'InitiateAuth', {
      ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: eve.Username, PASSWORD: eve.Password },
    });
    const foreign = signedInEve.AuthenticationResult.AccessToken as string;
    expect(other.outputs().auth.user_pool_id).toBe(poolAuth.user_pool_id);
    const res = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: foreign },
      body: JSON.stringify({ query: '{ listNotes { items { id } } }' }),
    });
    const body = (await res.json()) as { errors?: { errorType?: string }[] };
    expect(body.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });
});

it('stops with an error naming the pool and the file when no backend on its database serves it', () => {
  const app = fixture('reference-auth-app');
  const { status, out } = failedStart(app);
  expect(status).not.toBe(0);
  expect(out).toContain(
    'amplify/auth/resource.ts: referenceAuth names user pool us-east-1_hearth, which no Hearth backend on this database serves.',
  );
  expect(out).not.toMatch(/TypeError|\n\s+at /);
});
