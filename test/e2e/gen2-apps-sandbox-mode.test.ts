/**
 * Amplify's default-API-key sandbox mode: a raw SDL schema without `@auth`, no defineAuth, no
 * authorizationModes. The API key may then create, read, update and delete the models that have
 * no rules (and only those), and the sandbox prints Amplify's warning at start.
 */
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp } from '../fixtures/gen2-apps/fixture-app.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

let app: FixtureApp;
let sandbox: SandboxProcess;

beforeAll(async () => {
  app = copyFixture('sandbox-mode');
  sandbox = await startSandbox({ cwd: app.dir, port: await freePort() });
  configureAmplify(app.outputs());
});

afterAll(async () => {
  await sandbox?.stop();
  app?.remove();
});

it('warns at start that the API key opens every model without rules', () => {
  expect(sandbox.output()).toContain(
    'WARNING: your GraphQL API currently allows public create, read, update, and delete access to all models via an API Key (Todo has no authorization rules)',
  );
  expect(app.outputs().data.default_authorization_type).toBe('API_KEY');
});

it('lets the API key create, read, update and delete a model without @auth', async () => {
  const client = generateClient() as any;
  const { data: todo, errors } = await client.models.Todo.create({ content: 'no rules', done: false });
  expect(errors).toBeUndefined();
  await client.models.Todo.update({ id: todo.id, done: true });
  expect((await client.models.Todo.get({ id: todo.id })).data.done).toBe(true);
  await client.models.Todo.delete({ id: todo.id });
  expect((await client.models.Todo.list()).data).toEqual([]);
});

it('keeps a model that has its own rules to those rules', async () => {
  const client = generateClient() as any;
  const r = await client.models.Notice.create({ text: 'not allowed' });
  expect(r.data).toBeNull();
  expect(r.errors?.[0]?.errorType).toBe('Unauthorized');
  expect((await client.models.Notice.list()).errors).toBeUndefined();
});
