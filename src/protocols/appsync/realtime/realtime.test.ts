/**
 * The AppSync realtime endpoint in-process: a real HTTP listener, the `ws` client, the real data
 * service over SQLite, and the auth objects exactly as aws-amplify builds them (reference §F).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FN_CREDS, fakeCredentials, fakeTokens } from '../../../../test/support/appsync-fakes.js';
import { dataIR, field, model, rules } from '../../../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../../../test/support/data-fakes.js';
import { createDataService } from '../../../data/index.js';
import type { Caller, DataService } from '../../../data/types.js';
import type { Database } from '../../../db/ports.js';
import { createSqlDatabase } from '../../../db/sql/create-database.js';
import { createSqliteChangeFeed } from '../../../db/sqlite/change-feed.js';
import { connectSqlite } from '../../../db/sqlite/connect.js';
import { sqliteDialect } from '../../../db/sqlite/dialect.js';
import { createRealtimeServer, type RealtimeServer } from './create-realtime-server.js';

const NOW = '2025-01-02T03:04:05.000Z';
const HOST = 'localhost:4000';
const API_KEY = 'da2-key';
const todo = model('Todo', [field('content'), field('priority', 'Int')], { authRules: [rules.publicApiKey(), rules.authenticated()] });
const note = model('Note', [field('body')], { authRules: [rules.owner()], trailing: [field('owner')] });
const ir = dataIR([todo, note], { resourceAccess: [{ functionName: 'postConfirmation', actions: ['query', 'mutate', 'listen'] }] });

type Msg = { type: string; id?: string; payload?: any };

/** A `ws` client that queues messages so tests can await the next one of a type (ka skipped). */
class Client {
  readonly ws: WebSocket;
  private queue: Msg[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<number>;
  constructor(url: string, protocols: string[]) {
    this.ws = new WebSocket(url, protocols);
    this.ws.on('message', (raw) => {
      this.queue.push(JSON.parse(raw.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
  }
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }
  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }
  /** the next message other than ka; fails after `ms` */
  async next(ms = 2000): Promise<Msg> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.queue.findIndex((m) => m.type !== 'ka');
      if (i >= 0) return this.queue.splice(i, 1)[0] as Msg;
      if (Date.now() > deadline) throw new Error('no message arrived');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  /** every non-ka message that arrives within `ms` */
  async drain(ms = 150): Promise<Msg[]> {
    await new Promise((r) => setTimeout(r, ms));
    const out = this.queue.filter((m) => m.type !== 'ka');
    this.queue = [];
    return out;
  }
  count(type: string): number {
    return this.queue.filter((m) => m.type === type).length;
  }
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const amzDate = () => NOW.replace(/[:-]|\.\d{3}/g, '');
const auth = {
  apiKey: (key = API_KEY) => ({ host: HOST, 'x-amz-date': amzDate(), 'x-api-key': key }),
  user: (name: string) => ({ Authorization: `jwt-${name}`, host: HOST }),
  /** as aws-amplify signs realtime requests: POST <endpoint><uri>, the three fixed headers */
  async iam(uri: string, body: string) {
    const { signRequest } = await import('@aws-amplify/core/internals/aws-client-utils');
    const signed = signRequest(
      {
        url: new URL(`http://${HOST}/graphql${uri}`),
        method: 'POST',
        headers: {
          accept: 'application/json, text/javascript',
          'content-encoding': 'amz-1.0',
          'content-type': 'application/json; charset=UTF-8',
        },
        body,
      },
      { credentials: FN_CREDS, signingDate: new Date(NOW), signingRegion: 'us-east-1', signingService: 'appsync' },
    );
    return signed.headers as Record<string, string>;
  },
};

let storage: Database;
let data: DataService;
let realtime: RealtimeServer;
let server: Server;
let base: string;
const open: Client[] = [];

function setupRealtime(o: { keepAliveMs?: number; initTimeoutMs?: number; maxSubscriptions?: number; maxBufferedBytes?: number } = {}) {
  const rt = createRealtimeServer({ ...o, keepAliveMs: o.keepAliveMs ?? 60_000 });
  rt.setDeps({
    data,
    tokens: fakeTokens,
    credentials: fakeCredentials,
    apiKey: { value: API_KEY, expiresAt: Date.parse('2025-02-01T00:00:00Z') },
    authModes: ['userPool', 'apiKey', 'iam'],
    region: 'us-east-1',
    clock: clockAt(NOW),
  });
  return rt;
}

beforeAll(async () => {
  storage = createSqlDatabase(connectSqlite(':memory:'), sqliteDialect, createSqliteChangeFeed());
  await storage.migrate(ir.models);
  data = createDataService({
    ir,
    records: storage.records,
    changes: storage.changes,
    clock: clockAt(NOW),
    ids: countingIds(),
    cursorKey: Buffer.alloc(32),
  });
  realtime = setupRealtime();
  server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const c of open.splice(0)) c.ws.terminate();
});

afterAll(async () => {
  await realtime.close();
  await new Promise((resolve) => server.close(resolve));
  await storage.close();
});

/** Opens a socket the aws-amplify ≥ 6.6 way (subprotocol) or the older way (query string). */
async function connect(header: unknown, form: 'subprotocol' | 'query' = 'subprotocol', path = '/graphql/realtime'): Promise<Client> {
  const c =
    form === 'subprotocol'
      ? new Client(`${base}${path}`, ['graphql-ws', `header-${b64url(header)}`])
      : new Client(`${base}${path}?header=${Buffer.from(JSON.stringify(header)).toString('base64')}&payload=e30=`, ['graphql-ws']);
  open.push(c);
  await c.opened();
  return c;
}

async function connected(header: unknown, form: 'subprotocol' | 'query' = 'subprotocol'): Promise<Client> {
  const c = await connect(header, form);
  c.send({ type: 'connection_init' });
  expect(await c.next()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
  return c;
}

function startMessage(id: string, query: string, variables: Record<string, unknown>, authorization: unknown) {
  const body = JSON.stringify({ query, variables });
  const authObject: Record<string, string> = { ...(authorization as Record<string, string>), 'x-amz-user-agent': 'aws-amplify/6 api/1' };
  return { id, type: 'start', payload: { data: body, extensions: { authorization: authObject } } };
}

const ON_CREATE_TODO = 'subscription ($filter: ModelSubscriptionTodoFilterInput) { onCreateTodo(filter: $filter) { id content } }';
const mutate = (query: string, variables: Record<string, unknown>, caller: Caller = callers.apiKey()) =>
  data.execute({ query, variables }, caller);
const createTodo = (content: string, priority: number) =>
  mutate('mutation ($input: CreateTodoInput!) { createTodo(input: $input) { id } }', { input: { content, priority } });

/** A realtime server of its own (for options the shared one does not have), with one socket open on it. */
async function ownServer(o: Parameters<typeof setupRealtime>[0]) {
  const rt = setupRealtime(o);
  const s = createServer();
  s.on('upgrade', (req, socket, head) => rt.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(s.address() as AddressInfo).port}/graphql/realtime`;
  const c = new Client(url, ['graphql-ws', `header-${b64url(auth.apiKey())}`]);
  open.push(c);
  await c.opened();
  const stop = async () => {
    await rt.close();
    await new Promise((resolve) => s.close(resolve));
  };
  return { c, rt, stop, url };
}

describe('realtime handshake', () => {
  it('selects graphql-ws, acks connection_init with the 300000 ms timeout, then sends ka', async () => {
    const c = await connect(auth.apiKey());
    expect(c.ws.protocol).toBe('graphql-ws');
    c.send({ type: 'connection_init' });
    expect(await c.next()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.count('ka')).toBe(1); // AppSync sends one right after the ack
  });

  it('accepts the older ?header=&payload=e30= form', async () => {
    const c = await connected(auth.user('alice'), 'query');
    expect(c.ws.protocol).toBe('graphql-ws');
  });

  it.each([
    ['a wrong API key', auth.apiKey('da2-wrong')],
    ['an invalid user pool token', { Authorization: 'not-a-token', host: HOST }],
    ['no auth object', undefined],
  ])('refuses %s with connection_error (UnauthorizedException, 401) and closes', async (_n, header) => {
    const c = await connect(header ?? 'x');
    c.send({ type: 'connection_init' });
    const m = await c.next();
    expect(m).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] } });
    expect(await c.closed).toBe(1000);
  });

  it('IAM: a connect signed over POST /graphql/connect with {} is accepted; one signed over another body is not', async () => {
    await connected(await auth.iam('/connect', '{}'));
    const bad = await connect(await auth.iam('/connect', '{"x":1}'));
    bad.send({ type: 'connection_init' });
    expect(await bad.next()).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
  });

  it('answers 404 to an upgrade on another path', async () => {
    await expect(connect(auth.apiKey(), 'subprotocol', '/graphql/other')).rejects.toThrow(/404/);
  });

  it('sends ka on the configured interval', async () => {
    const { c, stop } = await ownServer({ keepAliveMs: 40 });
    c.send({ type: 'connection_init' });
    await new Promise((r) => setTimeout(r, 250));
    expect(c.count('ka')).toBeGreaterThanOrEqual(4);
    await stop();
    expect(await c.closed).toBe(1001);
  });
});

describe('realtime subscriptions', () => {
  it('delivers onCreate matching the filter, with exactly the selected fields', async () => {
    const c = await connected(auth.apiKey());
    c.send(startMessage('s1', ON_CREATE_TODO, { filter: { priority: { gt: 1 } } }, auth.apiKey()));
    expect(await c.next()).toEqual({ type: 'start_ack', id: 's1' });
    await createTodo('low', 1);
    await createTodo('high', 5);
    const m = await c.next();
    expect(m).toEqual({ type: 'data', id: 's1', payload: { data: { onCreateTodo: { id: expect.any(String), content: 'high' } } } });
    expect(await c.drain()).toEqual([]);
  });

  it.each([
    ['in', { content: { in: ['a', 'b'] } }, ['a', 'b']],
    ['beginsWith + or', { or: [{ content: { beginsWith: 'x' } }, { priority: { between: [7, 8] } }] }, ['xa', 'p8']],
    ['and + notContains', { and: [{ content: { notContains: 'skip' } }, { priority: { ge: 2 } }] }, ['p8', 'xa']],
  ])('filter %s', async (_n, filter, expected) => {
    const c = await connected(auth.apiKey());
    c.send(startMessage('f', ON_CREATE_TODO, { filter }, auth.apiKey()));
    expect(await c.next()).toMatchObject({ type: 'start_ack' });
    for (const [content, p] of [
      ['a', 1],
      ['b', 1],
      ['skip', 3],
      ['xa', 2],
      ['p8', 8],
    ] as const)
      await createTodo(content, p);
    const got = (await c.drain()).map((m) => m.payload.data.onCreateTodo.content);
    expect(got.sort()).toEqual([...expected].sort());
  });

  it('onUpdate and onDelete follow their own mutation only', async () => {
    const c = await connected(auth.user('carol'));
    c.send(startMessage('u', 'subscription { onUpdateTodo { content priority } }', {}, auth.user('carol')));
    c.send(startMessage('d', 'subscription { onDeleteTodo { id } }', {}, auth.user('carol')));
    expect((await c.drain()).map((m) => m.type)).toEqual(['start_ack', 'start_ack']);
    const created = await createTodo('v1', 1);
    const id = (created.data as { createTodo: { id: string } }).createTodo.id;
    await mutate('mutation ($input: UpdateTodoInput!) { updateTodo(input: $input) { id } }', { input: { id, content: 'v2' } });
    await mutate('mutation ($input: DeleteTodoInput!) { deleteTodo(input: $input) { id } }', { input: { id } });
    expect(await c.drain()).toEqual([
      { type: 'data', id: 'u', payload: { data: { onUpdateTodo: { content: 'v2', priority: 1 } } } },
      { type: 'data', id: 'd', payload: { data: { onDeleteTodo: { id } } } },
    ]);
  });

  it('IAM: each start is verified against its own payload.data', async () => {
    const c = await connected(await auth.iam('/connect', '{}'));
    const good = startMessage('i1', ON_CREATE_TODO, {}, {});
    good.payload.extensions.authorization = await auth.iam('', good.payload.data);
    c.send(good);
    expect(await c.next()).toEqual({ type: 'start_ack', id: 'i1' });
    const forged = startMessage('i2', ON_CREATE_TODO, { filter: null }, {});
    forged.payload.extensions.authorization = await auth.iam('', good.payload.data);
    c.send(forged);
    expect(await c.next()).toMatchObject({ type: 'error', id: 'i2', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
    await createTodo('by-iam', 1);
    expect(await c.next()).toMatchObject({ type: 'data', id: 'i1', payload: { data: { onCreateTodo: { content: 'by-iam' } } } });
  });

  it('an API key cannot subscribe to a model without a publicApiKey rule', async () => {
    const c = await connected(auth.apiKey());
    c.send(startMessage('n', 'subscription { onCreateNote { id } }', {}, auth.apiKey()));
    expect(await c.next()).toEqual({
      type: 'error',
      id: 'n',
      payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onCreateNote on type Subscription' }] },
    });
  });

  it('stop answers complete and ends delivery', async () => {
    const c = await connected(auth.apiKey());
    c.send(startMessage('s', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toMatchObject({ type: 'start_ack' });
    c.send({ type: 'stop', id: 's' });
    expect(await c.next()).toEqual({ type: 'complete', id: 's' });
    await createTodo('after-stop', 1);
    expect(await c.drain()).toEqual([]);
  });
});

describe('realtime owner-scoped models', () => {
  const ON_CREATE_NOTE = 'subscription ($owner: String) { onCreateNote(owner: $owner) { body owner } }';
  const createNote = (body: string, who: string) =>
    mutate(
      'mutation ($input: CreateNoteInput!) { createNote(input: $input) { id } }',
      { input: { body } },
      callers.user(`${who}-sub`, who),
    );

  it("an owner sees their own records (owner read back as the username), never another user's", async () => {
    const alice = await connected(auth.user('alice'));
    const bob = await connected(auth.user('bob'));
    alice.send(startMessage('a', ON_CREATE_NOTE, {}, auth.user('alice')));
    bob.send(startMessage('b', ON_CREATE_NOTE, {}, auth.user('bob')));
    expect(await alice.next()).toMatchObject({ type: 'start_ack' });
    expect(await bob.next()).toMatchObject({ type: 'start_ack' });
    await createNote('alice note', 'alice');
    expect(await alice.next()).toEqual({
      type: 'data',
      id: 'a',
      payload: { data: { onCreateNote: { body: 'alice note', owner: 'alice' } } },
    });
    expect(await bob.drain()).toEqual([]);
  });

  it.each([['alice'], ['alice-sub'], ['alice-sub::alice']])('the owner argument may be the caller as %s', async (owner) => {
    const c = await connected(auth.user('alice'));
    c.send(startMessage('o', ON_CREATE_NOTE, { owner }, auth.user('alice')));
    expect(await c.next()).toEqual({ type: 'start_ack', id: 'o' });
  });

  it('an owner argument naming someone else is refused at start', async () => {
    const bob = await connected(auth.user('bob'));
    bob.send(startMessage('x', ON_CREATE_NOTE, { owner: 'alice' }, auth.user('bob')));
    expect(await bob.next()).toMatchObject({ type: 'error', id: 'x', payload: { errors: [{ errorType: 'Unauthorized' }] } });
  });
});

describe('realtime bad input', () => {
  it.each([
    ['not JSON', 'nope{', { type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation' }] } }],
    [
      'an unknown type',
      { type: 'subscribe', id: 'q' },
      { type: 'error', id: 'q', payload: { errors: [{ errorType: 'UnsupportedOperation' }] } },
    ],
    ['a start without id', { type: 'start', payload: {} }, { type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation' }] } }],
    ['a start without payload.data', { type: 'start', id: 'p', payload: {} }, { type: 'error', id: 'p' }],
    [
      'a start with an invalid document',
      startMessage('v', 'subscription { nope }', {}, auth.apiKey()),
      { type: 'error', id: 'v', payload: { errors: [{ errorType: 'ValidationError' }] } },
    ],
    [
      'a query sent as start',
      startMessage('q2', '{ listTodos { items { id } } }', {}, auth.apiKey()),
      { type: 'error', id: 'q2', payload: { errors: [{ errorType: 'ValidationError' }] } },
    ],
    [
      'a filter of the wrong shape',
      startMessage('w', ON_CREATE_TODO, { filter: { priority: { gt: 'x' } } }, auth.apiKey()),
      { type: 'error', id: 'w', payload: { errors: [{ errorType: 'ValidationError' }] } },
    ],
  ])('%s gets an error message and the connection lives on', async (_n, msg, expected) => {
    const c = await connected(auth.apiKey());
    c.send(msg);
    expect(await c.next()).toMatchObject(expected);
    c.send(startMessage('ok', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toEqual({ type: 'start_ack', id: 'ok' });
  });

  it('a start before connection_init is refused', async () => {
    const c = await connect(auth.apiKey());
    c.send(startMessage('early', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toMatchObject({ type: 'error', id: 'early' });
  });

  it('a reused subscription id is refused as DuplicatedOperationError, and the first one keeps delivering', async () => {
    const c = await connected(auth.apiKey());
    c.send(startMessage('dup', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toEqual({ type: 'start_ack', id: 'dup' });
    c.send(startMessage('dup', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toMatchObject({ type: 'error', id: 'dup', payload: { errors: [{ errorType: 'DuplicatedOperationError' }] } });
    await createTodo('still here', 1);
    expect(await c.next()).toMatchObject({ type: 'data', id: 'dup', payload: { data: { onCreateTodo: { content: 'still here' } } } });
  });
});

describe('realtime limits', () => {
  it('closes a socket that never sends connection_init', async () => {
    const { c, stop } = await ownServer({ initTimeoutMs: 100 });
    expect(await c.closed).toBe(1008);
    await stop();
  });

  it('refuses a start beyond the subscriptions one connection may hold, until one stops', async () => {
    const { c, stop } = await ownServer({ maxSubscriptions: 2 });
    c.send({ type: 'connection_init' });
    expect(await c.next()).toMatchObject({ type: 'connection_ack' });
    for (const id of ['a', 'b']) {
      c.send(startMessage(id, ON_CREATE_TODO, {}, auth.apiKey()));
      expect(await c.next()).toEqual({ type: 'start_ack', id });
    }
    c.send(startMessage('c', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toMatchObject({ type: 'error', id: 'c', payload: { errors: [{ errorType: 'MaxSubscriptionsReachedError' }] } });
    c.send({ type: 'stop', id: 'a' });
    expect(await c.next()).toEqual({ type: 'complete', id: 'a' });
    c.send(startMessage('c', ON_CREATE_TODO, {}, auth.apiKey()));
    expect(await c.next()).toEqual({ type: 'start_ack', id: 'c' });
    await stop();
  });
});

describe('realtime slow readers', () => {
  it('cuts a connection that stops reading once its unsent data passes the limit; the others get every event', async () => {
    const { c, rt, stop, url } = await ownServer({ maxBufferedBytes: 64 * 1024 });
    const reader = new Client(url, ['graphql-ws', `header-${b64url(auth.apiKey())}`]);
    open.push(reader);
    await reader.opened();
    for (const client of [c, reader]) {
      client.send({ type: 'connection_init' });
      expect(await client.next()).toMatchObject({ type: 'connection_ack' });
      client.send(startMessage('s', ON_CREATE_TODO, {}, auth.apiKey()));
      expect(await client.next()).toEqual({ type: 'start_ack', id: 's' });
    }
    c.ws.pause();
    // the kernel's socket buffers take a few MB before the server holds any; the reader reads between writes
    let sent = 0;
    for (; sent < 400 && rt.openSubscriptions() === 2; sent++) {
      await createTodo('x'.repeat(100_000), sent);
      await new Promise((r) => setImmediate(r));
    }
    expect(rt.openSubscriptions()).toBe(1);
    c.ws.resume();
    expect(await c.closed).toBe(1006);
    const got = await reader.drain(300);
    expect(got.filter((m) => m.type === 'data')).toHaveLength(sent);
    await stop();
  }, 20_000);
});

describe('realtime across service swaps', () => {
  it('setDeps with restart closes open connections with 1012 so clients re-subscribe', async () => {
    const { c, rt, stop } = await ownServer({});
    rt.setDeps(undefined, { restart: false });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    rt.setDeps(undefined, { restart: true });
    expect(await c.closed).toBe(1012);
    await stop();
  });
});
