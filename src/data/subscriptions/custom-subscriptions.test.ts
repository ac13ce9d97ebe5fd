/**
 * The documented custom pub/sub pattern through the data service: a.handler.custom mutation on the
 * NONE data source, a custom subscription whose resolver sets an enhanced filter. SQLite in-process;
 * on PostgreSQL also across two instances through the change feed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { callers, clockAt, countingIds } from '../../../test/support/data-fakes.js';
import { createPgSchema, pgUrl } from '../../../test/support/pg-schema.js';
import { makeDefinition } from '../../backend/definition.js';
import { type Database, openDatabase } from '../../db/index.js';
import { compileBackend } from '../../ir/compile.js';
import type { DataIR } from '../../ir/types.js';
import { createDataService } from '../create-data-service.js';
import type { Caller, DataService, GraphQLResponse } from '../types.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-custom-subs-'));
const dataDir = join(root, 'amplify', 'data');
mkdirSync(dataDir, { recursive: true });
writeFileSync(
  join(dataDir, 'publish.js'),
  `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  if (ctx.arguments.content === 'forbidden') util.error('That word is not allowed', 'ContentRejected');
  if (ctx.arguments.content === 'shouty') util.appendError('Please do not shout', 'StyleWarning');
  return { payload: { content: ctx.arguments.content, channelName: ctx.arguments.channelName } };
}
export function response(ctx) { return ctx.result; }`,
);
writeFileSync(
  join(dataDir, 'receive.js'),
  `import { util, extensions } from '@aws-appsync/utils';
export function request() { return {}; }
export const response = (ctx) => {
  if (ctx.arguments.namePrefix === 'secret') util.unauthorized();
  const filter = { channelName: { beginsWith: ctx.arguments.namePrefix } };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
};`,
);
const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
  todoCreated: a
    .subscription()
    .for(a.ref('Todo').mutations(['create']))
    .handler(a.handler.custom({ entry: './noop.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
  Message: a.customType({ content: a.string().required(), channelName: a.string().required() }),
  publish: a
    .mutation()
    .arguments({ channelName: a.string().required(), content: a.string().required() })
    .returns(a.ref('Message'))
    .handler(a.handler.custom({ entry: './publish.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
  receive: a
    .subscription()
    .for(a.ref('publish'))
    .arguments({ namePrefix: a.string() })
    .handler(a.handler.custom({ entry: './receive.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
  byChannel: a
    .subscription()
    .for(a.ref('publish'))
    .arguments({ channelName: a.string() })
    .handler(a.handler.custom({ entry: './noop.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
});
writeFileSync(join(dataDir, 'noop.js'), 'export function request() { return {}; } export function response() { return null; }');
const data = makeDefinition('data', { schema }, join(dataDir, 'resource.ts'));
const ir = compileBackend({ resources: { data }, outputs: [], definedIn: join(root, 'amplify/backend.ts') }, root).ir.data as DataIR;

const open: Database[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
  for (const d of drops) await d();
  rmSync(root, { recursive: true, force: true });
});

async function service(databaseUrl?: string): Promise<DataService> {
  const storage = await openDatabase({ databaseUrl, sqliteFile: ':memory:' });
  open.push(storage);
  await storage.migrate(ir.models);
  return createDataService({
    ir,
    records: storage.records,
    changes: storage.changes,
    clock: clockAt(),
    ids: countingIds(),
    cursorKey: Buffer.alloc(32),
  });
}

const PUBLISH = 'mutation ($c: String!, $t: String!) { publish(channelName: $c, content: $t) { channelName content } }';
const publish = (svc: DataService, c: string, t: string, caller: Caller = callers.apiKey()) =>
  svc.execute({ query: PUBLISH, variables: { c, t } }, caller);

function subscribe(svc: DataService, query: string, variables: Record<string, unknown>, caller: Caller = callers.apiKey()) {
  const got: GraphQLResponse[] = [];
  const r = svc.subscribe?.({ query, variables }, caller, (x) => got.push(x));
  if (!r) throw new Error('the data service has no subscribe');
  return { r, got };
}
const RECEIVE = 'subscription ($p: String) { receive(namePrefix: $p) { content channelName } }';
const until = async (pred: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('custom pub/sub on SQLite, in process', () => {
  it('publish runs the JS resolver; receive delivers only results passing its enhanced filter', async () => {
    const svc = await service();
    const { r, got } = subscribe(svc, RECEIVE, { p: 'sports' });
    expect(r.ok).toBe(true);
    expect(await publish(svc, 'news', 'ignored')).toEqual({ data: { publish: { channelName: 'news', content: 'ignored' } } });
    await publish(svc, 'sports/football', 'goal');
    await until(() => got.length > 0);
    await new Promise((res) => setTimeout(res, 30));
    expect(got).toEqual([{ data: { receive: { content: 'goal', channelName: 'sports/football' } } }]);
    if (r.ok) r.unsubscribe();
    await publish(svc, 'sports/tennis', 'ace');
    await new Promise((res) => setTimeout(res, 30));
    expect(got).toHaveLength(1);
  });

  it('util.error fails the mutation with its errorType and publishes nothing', async () => {
    const svc = await service();
    const { got } = subscribe(svc, RECEIVE, {});
    const res = await publish(svc, 'x', 'forbidden');
    expect(res.data).toEqual({ publish: null });
    expect(res.errors?.[0]).toMatchObject({ errorType: 'ContentRejected', message: 'That word is not allowed', path: ['publish'] });
    await publish(svc, 'y', 'fine');
    await until(() => got.length > 0);
    expect(got).toEqual([{ data: { receive: { content: 'fine', channelName: 'y' } } }]);
  });

  it('util.appendError keeps the value and reports the error next to it; the result is still published', async () => {
    const svc = await service();
    const { got } = subscribe(svc, RECEIVE, { p: 'loud' });
    const res = await publish(svc, 'loud', 'shouty');
    expect(res.data).toEqual({ publish: { channelName: 'loud', content: 'shouty' } });
    expect(res.errors).toEqual([expect.objectContaining({ errorType: 'StyleWarning', message: 'Please do not shout', path: ['publish'] })]);
    await until(() => got.length > 0);
    expect(got).toEqual([{ data: { receive: { content: 'shouty', channelName: 'loud' } } }]);
  });

  it('.for(a.ref(Model).mutations([create])) follows the model create mutation', async () => {
    const svc = await service();
    const { got } = subscribe(svc, 'subscription { todoCreated { content } }', {});
    await svc.execute({ query: 'mutation { createTodo(input: { content: "first" }) { id } }' }, callers.apiKey());
    await until(() => got.length > 0);
    expect(got).toEqual([{ data: { todoCreated: { content: 'first' } } }]);
  });

  it('a subscription argument naming a result field must equal it; the resolver may refuse the start', async () => {
    const svc = await service();
    const { got } = subscribe(svc, 'subscription ($c: String) { byChannel(channelName: $c) { content } }', { c: 'a' });
    await publish(svc, 'b', 'not mine');
    await publish(svc, 'a', 'mine');
    await until(() => got.length > 0);
    await new Promise((res) => setTimeout(res, 30));
    expect(got).toEqual([{ data: { byChannel: { content: 'mine' } } }]);
    expect(subscribe(svc, RECEIVE, { p: 'secret' }).r).toEqual({
      ok: false,
      errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access receive on type Subscription' }],
    });
  });

  it('authorization: an API-key-only subscription refuses a signed-in user', async () => {
    const svc = await service();
    expect(subscribe(svc, RECEIVE, {}, callers.user('u1')).r).toEqual({
      ok: false,
      errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access receive on type Subscription' }],
    });
    expect((await publish(svc, 'a', 'b', callers.user('u1'))).errors?.[0]?.errorType).toBe('Unauthorized');
  });
});

describe.skipIf(!pgUrl)(
  `custom pub/sub across instances on PostgreSQL${pgUrl ? '' : ' (skipped: HEARTH_TEST_DATABASE_URL is not set)'}`,
  () => {
    it('a result published on one instance reaches a subscriber on another, filtered', async () => {
      const s = await createPgSchema(pgUrl as string);
      drops.push(s.drop);
      const writer = await service(s.url);
      const reader = await service(s.url);
      const { got } = subscribe(reader, RECEIVE, { p: 'room-' });
      await publish(writer, 'lobby', 'skip');
      await publish(writer, 'room-1', 'hello');
      await until(() => got.length > 0);
      await new Promise((res) => setTimeout(res, 100));
      expect(got).toEqual([{ data: { receive: { content: 'hello', channelName: 'room-1' } } }]);
    });
  },
);
