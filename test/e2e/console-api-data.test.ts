/**
 * The console's data, explorer, functions and storage endpoints on a sandbox whose postConfirmation
 * fails until "fixed": records are validated as the GraphQL API validates them and read back through
 * the real `aws-amplify` client; the explorer runs a query as the API key and as a user, one of them
 * refused by the model's rules; the failed trigger shows in red with its event and error and runs
 * again from the console once fixed; objects go up, list, preview and go away.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CognitoIdentityProviderClient, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { type ConsoleClient, consoleClient, until } from '../support/console-client.js';
import { latestCode } from '../support/mailbox.js';

function writeApp(dir: string): void {
  const flag = join(dir, 'fixed');
  const files: Record<string, string> = {
    'package.json': '{"name":"console-data-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
defineBackend({ auth, data, storage });
`,
    'amplify/auth/resource.ts': `import { defineAuth, defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'welcome', entry: './welcome.ts' });
export const auth = defineAuth({ loginWith: { email: true }, triggers: { postConfirmation } });
`,
    'amplify/auth/welcome.ts': `import { existsSync } from 'node:fs';
export const handler = async (event) => {
  console.log('welcoming', event.request.userAttributes.email);
  if (!existsSync(${JSON.stringify(flag)})) throw new Error('welcome mail template missing');
  return event;
};
`,
    'amplify/storage/resource.ts': `import { defineStorage } from '@aws-amplify/backend';
export const storage = defineStorage({ name: 'files', isDefault: true, access: (allow) => ({ 'public/*': [allow.guest.to(['read'])] }) });
`,
    'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
const schema = a.schema({
  Priority: a.enum(['LOW', 'HIGH']),
  Task: a
    .model({ title: a.string().required(), priority: a.ref('Priority'), contact: a.email(), done: a.boolean() })
    .secondaryIndexes((index) => [index('priority').sortKeys(['title'])])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner()]),
});
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } } });
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

describe('console API: data, explorer, functions, storage (sandbox)', () => {
  const dir = join(repoRoot, 'test-artifacts', `console-data-${randomBytes(4).toString('hex')}`);
  let backend: RunningBackend;
  let con: ConsoleClient;
  let outputs: any;

  beforeAll(async () => {
    writeApp(dir);
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    con = consoleClient(backend.urls.base);
    outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
    Amplify.configure(outputs);
  }, 90_000);

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes the models with their typed fields', async () => {
    const o = (await con.get('overview')).body;
    const task = o.models.find((m: any) => m.name === 'Task');
    expect(task.fields.find((f: any) => f.name === 'priority')).toMatchObject({ kind: 'enum', enumValues: ['LOW', 'HIGH'] });
    expect(task.fields.find((f: any) => f.name === 'title')).toMatchObject({ type: 'String', required: true });
    expect(o.functions.map((f: any) => f.name)).toContain('welcome');
  });

  it('creates, validates, pages, edits and deletes records; the client reads the edit back', async () => {
    const bad = await con.send('POST', 'models/Task/records', { fields: { title: 'x', priority: 'URGENT' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'ValidationError', field: 'priority' });
    const noTitle = await con.send('POST', 'models/Task/records', { fields: { priority: 'LOW' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.code).toBe('ValidationError');
    const badEmail = await con.send('POST', 'models/Task/records', { fields: { title: 'x', contact: 'not-an-email' } });
    expect(badEmail.status).toBe(400);

    for (let i = 0; i < 5; i++)
      expect((await con.send('POST', 'models/Task/records', { fields: { title: `task ${i}`, priority: 'LOW' } })).status).toBe(201);
    const first = (await con.get('models/Task/records?limit=2')).body;
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeTruthy();
    const seen = [...first.items];
    let next = first.next;
    for (let k = 0; k < 5 && next; k++) {
      const page = (await con.get(`models/Task/records?limit=2&next=${encodeURIComponent(next)}`)).body;
      seen.push(...page.items);
      next = page.next;
    }
    expect(new Set(seen.map((t: any) => t.id)).size).toBe(5);
    const filtered = (await con.get(`models/Task/records?filter=${encodeURIComponent(JSON.stringify({ title: { eq: 'task 3' } }))}`)).body;
    expect(filtered.items.map((t: any) => t.title)).toEqual(['task 3']);

    const id = filtered.items[0].id;
    const edited = await con.send('PUT', `models/Task/records/${id}`, { fields: { priority: 'HIGH', done: true } });
    expect(edited.status).toBe(200);
    const tasks = (generateClient({ authMode: 'apiKey' }) as any).models.Task;
    const { data } = await tasks.get({ id });
    expect(data).toMatchObject({ title: 'task 3', priority: 'HIGH', done: true });

    expect((await con.send('DELETE', `models/Task/records/${id}`)).status).toBe(200);
    expect((await con.get(`models/Task/records/${id}`)).status).toBe(404);
  });

  it('sorts by an index sort key within the partition the filter fixes, as the index query does', async () => {
    for (const title of ['h1', 'h3', 'h2']) await con.send('POST', 'models/Task/records', { fields: { title, priority: 'HIGH' } });
    const high = encodeURIComponent(JSON.stringify({ priority: { eq: 'HIGH' } }));
    const desc = (await con.get(`models/Task/records?sort=title&dir=desc&filter=${high}`)).body;
    expect(desc.items.map((t: any) => t.title)).toEqual(['h3', 'h2', 'h1']);
    const both = encodeURIComponent(JSON.stringify({ and: [{ priority: { eq: 'HIGH' } }, { title: { ne: 'h2' } }] }));
    const asc = (await con.get(`models/Task/records?sort=title&dir=asc&limit=1&filter=${both}`)).body;
    expect(asc.items.map((t: any) => t.title)).toEqual(['h1']);
    const rest = (await con.get(`models/Task/records?sort=title&dir=asc&limit=1&filter=${both}&next=${encodeURIComponent(asc.next)}`)).body;
    expect(rest.items.map((t: any) => t.title)).toEqual(['h3']);
    const unfixed = await con.get('models/Task/records?sort=title');
    expect(unfixed.status).toBe(400);
    expect(unfixed.body.error).toMatchObject({ code: 'ValidationError', field: 'sort' });
    expect(unfixed.body.error.message).toMatch(/priority = <value>/);
    expect((await con.get('models/Task/records?sort=contact')).status).toBe(400);
  });

  it('shows the failed trigger with its event, error and logs, and runs it again once fixed', async () => {
    const cognito = new CognitoIdentityProviderClient({
      region: outputs.auth.aws_region,
      endpoint: outputs.custom.hearth.userPoolEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const ClientId = outputs.auth.user_pool_client_id;
    await cognito.send(new SignUpCommand({ ClientId, Username: 'cy@example.com', Password: 'Correct-horse-9' }));
    const code = await latestCode(Number(new URL(backend.urls.base).port), 'cy@example.com');
    await expect(
      cognito.send(new ConfirmSignUpCommand({ ClientId, Username: 'cy@example.com', ConfirmationCode: code })),
    ).rejects.toThrow();
    const failed = await until(
      'the failed invocation',
      async () => (await con.get('invocations?function=welcome&status=failed')).body.invocations[0],
    );
    expect(failed.source).toBe('cognito:PostConfirmation_ConfirmSignUp');
    expect(failed.error).toMatch(/welcome mail template missing/);
    expect(failed.event.request.userAttributes.email).toBe('cy@example.com');
    expect(failed.logs.join('\n')).toMatch(/welcoming cy@example.com/);
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);

    const durable = (await con.get('failed-invocations?status=failed')).body.invocations.find((r: any) => r.function === 'welcome');
    expect(durable.error).toMatch(/welcome mail template missing/);
    writeFileSync(join(dir, 'fixed'), '');
    const retried = await con.send('POST', `invocations/${durable.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.invocation.status).toBe('succeeded-on-retry');
    const again = await con.send('POST', `invocations/${durable.id}/retry`);
    expect(again.status).toBe(409);
  });

  it('runs a query in the explorer as the API key and as a user, and the rules refuse one', async () => {
    const user = (await con.send('POST', 'users', { email: 'dee@example.com', password: 'Correct-horse-9', permanent: true })).body.user;
    const create = 'mutation { createTask(input: { title: "dee" }) { id title owner } }';
    const asKey = await con.send('POST', 'graphql', { query: create, auth: { mode: 'apiKey' } });
    expect(asKey.status).toBe(200);
    expect(asKey.body.errors[0].errorType).toBe('Unauthorized');
    const asUser = await con.send('POST', 'graphql', { query: create, auth: { mode: 'userPool', username: user.username } });
    expect(asUser.body.errors).toBeUndefined();
    expect(asUser.body.data.createTask.owner).toBe(user.username);
    const bad = [
      { query: '{', auth: { mode: 'apiKey' } },
      { query: '{ listTasks { items { id } } }', variables: 'not an object', auth: { mode: 'apiKey' } },
      { query: '{ listTasks { items { id } } }', auth: { mode: 'lambda' } },
      { query: '{ listTasks { items { id } } }', auth: { mode: 'userPool', username: 'nobody@example.com' } },
      { query: '{ listTasks { items { id } } }', auth: { mode: 'iam', function: 'nope' } },
      { query: 42 },
    ];
    for (const body of bad) {
      const r = await con.send('POST', 'graphql', body);
      expect(r.status, JSON.stringify(body)).toBeLessThan(500);
      expect(r.body.errors ?? r.body.error, JSON.stringify(body)).toBeTruthy();
    }
    // deeper than AppSync's 75 levels (valid otherwise): refused as the GraphQL endpoint refuses it
    const tooDeep = `{ __schema { types { ${'ofType { '.repeat(80)}name${' }'.repeat(80)} } } }`;
    const refusedDeep = await con.send('POST', 'graphql', { query: tooDeep, auth: { mode: 'apiKey' } });
    expect(refusedDeep.body.errors[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/depth/i) });
    const garbage = await fetch(`${backend.urls.base}/_hearth/console/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hearth-csrf': await con.csrf() },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as any).error.code).toBe('BadRequest');
    const iam = await con.send('POST', 'graphql', { query: '{ listTasks { items { id } } }', auth: { mode: 'iam', as: 'guest' } });
    expect(iam.body.errors[0].message).toMatch(/Not Authorized to access listTasks/);
  });

  it('uploads, lists, previews and deletes objects', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const put = await con.send('PUT', `buckets/files/object?key=${encodeURIComponent('public/a.png')}`, {
      contentType: 'image/png',
      base64: png.toString('base64'),
    });
    expect(put.status).toBe(201);
    await con.send('PUT', `buckets/files/object?key=${encodeURIComponent('public/x.html')}`, {
      contentType: 'text/html',
      base64: Buffer.from('<script>alert(1)</script>').toString('base64'),
    });
    const listed = (await con.get('buckets/files/objects?prefix=public/&delimiter=/')).body;
    expect(listed.objects.map((o: any) => o.key)).toEqual(['public/a.png', 'public/x.html']);
    const img = await fetch(`${backend.urls.base}/_hearth/console/api/buckets/files/object?key=public/a.png`);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(png)).toBe(true);
    const html = await fetch(`${backend.urls.base}/_hearth/console/api/buckets/files/object?key=public/x.html`);
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await con.send('DELETE', `buckets/files/object?key=${encodeURIComponent('public/a.png')}`)).status).toBe(200);
    expect((await con.get('buckets/files/objects?prefix=public/')).body.objects.map((o: any) => o.key)).toEqual(['public/x.html']);
  });
});
