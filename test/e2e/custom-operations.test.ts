/**
 * Custom queries and mutations backed by real functions, called with the unmodified aws-amplify
 * client (`client.queries.*`, `client.mutations.*`): arguments and the Lambda event reach the
 * handler, its return value is the field, a function that reads the data API with client.models
 * works, `.authorization()` refuses other callers, a throwing function is `Lambda:Unhandled`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';

const files: Record<string, string> = {
  'package.json': '{"name":"custom-ops-app","type":"module"}',
  'amplify/package.json': '{"type":"module"}',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { data } from './data/resource';
defineBackend({ data });
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { echo } from '../functions/echo/resource';
import { todoOps } from '../functions/todo-ops/resource';
import { boom } from '../functions/boom/resource';

const schema = a
  .schema({
    Todo: a.model({ content: a.string(), priority: a.integer() }).authorization((allow) => [allow.publicApiKey()]),
    Level: a.enum(['LOW', 'HIGH']),
    Point: a.customType({ x: a.float().required(), y: a.float() }),
    echo: a
      .query()
      .arguments({ msg: a.string().required(), times: a.integer(), at: a.ref('Point'), level: a.ref('Level'), tags: a.string().array() })
      .returns(a.customType({ text: a.string(), fieldName: a.string(), typeName: a.string(), identity: a.json(), selection: a.string().array(), level: a.ref('Level') }))
      .authorization((allow) => [allow.publicApiKey()])
      .handler(a.handler.function(echo)),
    countTodos: a.query().returns(a.integer()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function(todoOps)),
    addTodo: a
      .mutation()
      .arguments({ content: a.string().required(), priority: a.integer() })
      .returns(a.ref('Todo'))
      .authorization((allow) => [allow.publicApiKey()])
      .handler(a.handler.function(todoOps)),
    membersOnly: a.query().returns(a.string()).authorization((allow) => [allow.authenticated()]).handler(a.handler.function(echo)),
    explode: a.query().returns(a.string()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function('boom')),
    fire: a.mutation().arguments({ msg: a.string() }).returns(a.string()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function(echo).async()),
  })
  .authorization((allow) => [allow.resource(todoOps)]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  functions: { boom },
  authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } },
});
`,
  'amplify/functions/echo/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const echo = defineFunction({ name: 'echo' });
`,
  'amplify/functions/echo/handler.ts': `export const handler = async (event: any) => {
  const a = event.arguments;
  return {
    text: [a.msg, a.times, a.at && a.at.x, a.tags && a.tags.join('+')].filter((v) => v !== undefined && v !== null).join('|'),
    fieldName: event.fieldName,
    typeName: event.typeName,
    identity: event.identity,
    selection: event.info.selectionSetList,
    level: a.level,
  };
};
`,
  'amplify/functions/todo-ops/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const todoOps = defineFunction({ name: 'todo-ops' });
`,
  'amplify/functions/todo-ops/handler.ts': `import type { Schema } from '../../data/resource';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { env } from '$amplify/env/todo-ops';

const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
Amplify.configure(resourceConfig, libraryOptions);
const client = generateClient<Schema>();

export const handler = async (event: any) => {
  if (event.fieldName === 'countTodos') {
    const { data, errors } = await client.models.Todo.list();
    if (errors) throw new Error(errors.map((e) => e.message).join('; '));
    return data.length;
  }
  const { data, errors } = await client.models.Todo.create({ content: event.arguments.content, priority: event.arguments.priority });
  if (errors) throw new Error(errors.map((e) => e.message).join('; '));
  return data;
};
`,
  'amplify/functions/boom/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const boom = defineFunction({ name: 'boom' });
`,
  'amplify/functions/boom/handler.ts': `export const handler = async () => {
  throw new Error('the reactor is on fire');
};
`,
};

describe('custom queries and mutations through the aws-amplify client', () => {
  const dir = join(repoRoot, 'test-artifacts', `custom-ops-${randomBytes(4).toString('hex')}`);
  let backend: RunningBackend;
  let client: any;

  beforeAll(async () => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: false, logger: silentLogger });
    configureAmplify(JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')));
    client = generateClient({ authMode: 'apiKey' });
  });

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes arguments and the AppSync Lambda event; the return value is the field', async () => {
    const r = await client.queries.echo({ msg: 'hi', times: 3, at: { x: 1.5 }, level: 'HIGH', tags: ['a', 'b'] });
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ text: 'hi|3|1.5|a+b', fieldName: 'echo', typeName: 'Query', level: 'HIGH' });
    // an API-key caller has no identity; the selection set is the client's default one
    expect(JSON.parse(r.data.identity)).toBeNull();
    expect(r.data.selection).toEqual(expect.arrayContaining(['text', 'fieldName', 'level']));
  });

  it('runs a function that uses the data API with client.models, as a mutation and a query', async () => {
    const created = await client.mutations.addTodo({ content: 'from a function', priority: 2 });
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ content: 'from a function', priority: 2 });
    expect(typeof created.data.id).toBe('string');
    await client.models.Todo.create({ content: 'from the client' });
    const count = await client.queries.countTodos();
    expect(count).toEqual({ data: 2 });
    const listed = await client.models.Todo.list();
    expect(listed.data.map((t: { content: string }) => t.content).sort()).toEqual(['from a function', 'from the client']);
  });

  it('refuses a caller the operation does not allow, in AppSync shape', async () => {
    const res = await fetch(backend.urls.data, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': client_apiKey(dir) },
      body: JSON.stringify({ query: '{ membersOnly }' }),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.data).toEqual({ membersOnly: null });
    expect(body.errors[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access membersOnly on type Query',
      path: ['membersOnly'],
    });
  });

  it('reports a throwing function as Lambda:Unhandled with its message', async () => {
    const r = await client.queries.explode();
    expect(r.data).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: 'the reactor is on fire' });
  });

  it('answers an async handler at once with success', async () => {
    const r = await client.mutations.fire({ msg: 'later' });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ success: true });
  });
});

function client_apiKey(dir: string): string {
  return JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).data.api_key;
}
