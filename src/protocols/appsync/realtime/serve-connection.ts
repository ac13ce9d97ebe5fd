import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Caller, DataService } from '../../../data/types.js';
import { isHearthError } from '../../../util/errors.js';
import { parseJsonObject } from '../../../util/http.js';
import type { RequestAuthDeps } from '../authenticate-request.js';
import { APPSYNC_QUERY_LIMITS, createQueryLimiter, type QueryLimiter, type QueryLimits } from '../query-limits.js';
import { parseGraphQLBody } from '../request-body.js';
import { authenticateHeaders } from './authenticate-headers.js';
import { authErrorEntry, dataFrame, dataPrefix, protocolError, type ServerMessage } from './messages.js';

/** What one realtime connection needs: the current services (they change on sandbox reload). */
export interface RealtimeDeps extends RequestAuthDeps {
  data: DataService;
  /** depth and resolver-count limits on subscription documents (default: AppSync's) */
  queryLimits?: QueryLimits;
}

/** one limiter (and its parse cache) per set of services, shared by their connections */
const limiters = new WeakMap<RealtimeDeps, QueryLimiter>();
function limiterFor(deps: RealtimeDeps): QueryLimiter {
  const known = limiters.get(deps);
  if (known) return known;
  const fresh = createQueryLimiter(deps.queryLimits ?? APPSYNC_QUERY_LIMITS);
  limiters.set(deps, fresh);
  return fresh;
}

export interface ConnectionOptions {
  /** the upgraded socket `ws` writes to: data frames go straight to it (no compression is negotiated) */
  socket: Duplex;
  deps: () => RealtimeDeps | undefined;
  /** the connect-time identity, authenticated during the upgrade */
  connect: Promise<Caller>;
  /** GraphQL endpoint path: what a `start` IAM signature covers */
  dataPath: string;
  keepAliveMs: number;
  connectionTimeoutMs: number;
  /** a socket that has not sent connection_init by then is closed (clients send it on open) */
  initTimeoutMs: number;
  /** subscriptions one connection may hold at once (AppSync's default quota is 100) */
  maxSubscriptions: number;
  /** unsent bytes past which the connection is cut: a client that stops reading must not grow the server's memory */
  maxBufferedBytes: number;
  /** every open connection's subscriptions, for the open-subscriptions count */
  live: Set<ReadonlyMap<string, unknown>>;
}

const PENDING = Symbol('pending');
type Entry = typeof PENDING | (() => void);

/**
 * One AppSync realtime connection (reference §F.3): connection_init → ack (or connection_error),
 * then start/stop per subscription, `ka` on a timer. Bad input gets an `error` message, never a crash.
 */
export function serveConnection(ws: WebSocket, o: ConnectionOptions): void {
  const subs = new Map<string, Entry>();
  o.live.add(subs);
  let caller: Caller | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const sendText = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const send = (m: ServerMessage) => sendText(JSON.stringify(m));
  // a fan-out's hot path: one pre-framed buffer, one write, in order with ws's own frames (ws writes
  // uncompressed frames to the same socket synchronously, queueing nothing)
  // a peer that stopped reading is cut rather than buffered for without end (AppSync documents no
  // limit; a close frame would wait behind the backlog, so the socket is destroyed and the client reconnects)
  const sendFrame = (frame: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    if (o.socket.writableLength > o.maxBufferedBytes) return ws.terminate();
    o.socket.write(frame);
  };
  // an idle socket that never starts the protocol only holds a slot: drop it
  const initTimer = setTimeout(() => ws.close(1008, 'connection_init was not received'), o.initTimeoutMs);

  async function init(): Promise<void> {
    clearTimeout(initTimer);
    try {
      caller = await o.connect;
    } catch (e) {
      send({ type: 'connection_error', payload: { errors: [authErrorEntry(e)] } });
      ws.close(1000, 'Unauthorized');
      return;
    }
    send({ type: 'connection_ack', payload: { connectionTimeoutMs: o.connectionTimeoutMs } });
    send({ type: 'ka' });
    keepAlive ??= setInterval(() => send({ type: 'ka' }), o.keepAliveMs);
  }

  async function start(id: string, payload: Record<string, unknown> | undefined): Promise<void> {
    if (!caller) return send(protocolError('Send connection_init and wait for connection_ack before start.', id));
    // AppSync answers a reused id with DuplicatedOperationError; the limit's wording is Hearth's
    if (subs.has(id)) return send(errorMessage(id, 'DuplicatedOperationError', `Subscription id ${id} is already in use.`));
    if (subs.size >= o.maxSubscriptions) {
      return send(errorMessage(id, 'MaxSubscriptionsReachedError', `Max number of ${o.maxSubscriptions} subscriptions reached`));
    }
    subs.set(id, PENDING);
    const started = await begin(id, payload, caller);
    if (subs.get(id) !== PENDING) return started.ok ? started.unsubscribe() : undefined; // stopped meanwhile
    if (!started.ok) {
      subs.delete(id);
      return send({ type: 'error', id, payload: { errors: started.errors } });
    }
    subs.set(id, started.unsubscribe);
    send({ type: 'start_ack', id });
  }

  async function begin(id: string, payload: Record<string, unknown> | undefined, connected: Caller) {
    const deps = o.deps();
    if (!deps?.data.subscribe) return refused('UnsupportedOperation', 'This backend serves no GraphQL subscriptions.');
    const body = payload?.data;
    if (typeof body !== 'string')
      return refused('UnsupportedOperation', "A start message needs 'payload.data': the JSON of {query, variables}.");
    try {
      const request = parseGraphQLBody(body);
      const auth = (payload?.extensions as { authorization?: Record<string, unknown> } | undefined)?.authorization;
      // Amplify always signs each start; without an auth object the connection's identity applies
      const who = auth ? await authenticateHeaders({ headers: auth, path: o.dataPath, body }, deps) : connected;
      limiterFor(deps).check(request.query, request.variables);
      const prefix = dataPrefix(id);
      return deps.data.subscribe(request, who, (r) => sendFrame(dataFrame(prefix, r)));
    } catch (e) {
      if (isHearthError(e) && e.code === 'BadRequest') return refused('UnsupportedOperation', e.message);
      if (isHearthError(e) && e.code === 'ValidationError') return refused('ValidationError', e.message);
      return { ok: false as const, errors: [authErrorEntry(e)] };
    }
  }

  function stop(id: string): void {
    const entry = subs.get(id);
    subs.delete(id);
    if (typeof entry === 'function') entry();
    send({ type: 'complete', id });
  }

  ws.on('message', (raw) => {
    const msg = parseJsonObject(raw.toString());
    const id = typeof msg?.id === 'string' && msg.id !== '' ? msg.id : undefined;
    if (!msg) return send(protocolError('The message is not a JSON object.'));
    if (msg.type === 'connection_init') return void init();
    if ((msg.type === 'start' || msg.type === 'stop') && !id) return send(protocolError(`A ${msg.type} message needs an 'id'.`));
    if (msg.type === 'start') return void start(id as string, msg.payload as Record<string, unknown> | undefined);
    if (msg.type === 'stop') return stop(id as string);
    send(protocolError(`${String(msg.type)} not supported through the realtime channel`, id));
  });
  ws.on('close', () => {
    clearTimeout(initTimer);
    clearInterval(keepAlive);
    for (const entry of subs.values()) if (typeof entry === 'function') entry();
    subs.clear();
    o.live.delete(subs);
  });
  ws.on('error', () => {});
}

const refused = (errorType: string, message: string) => ({ ok: false as const, errors: [{ errorType, message }] });
const errorMessage = (id: string, errorType: string, message: string): ServerMessage => ({
  type: 'error',
  id,
  payload: { errors: [{ errorType, message }] },
});
