import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../util/http.js';
import { type Logger, runWithRequestId } from '../util/logger.js';
import { corsHeadersFor, refuseForeignCaller } from './cors.js';
import { DATA_PATH } from './create-app.js';
import type { HearthMetrics, MetricsAccess } from './metrics.js';
import { type OpsState, opsRoute } from './ops-routes.js';
import { readBody } from './read-body.js';
import { labelRequest, labelS3Request } from './request-labels.js';
import { graphqlFailed, InFlight, observe } from './request-tracking.js';
import { listenWithTlsSniffing } from './tls-sniffing.js';

export interface App {
  handle(req: HttpRequest): Promise<HttpResponse>;
  /** the protocol-shaped answer to a body over the limit, chosen by path */
  tooLarge(path: string): HttpResponse;
  /** the protocol-shaped answer when a handler itself failed */
  internalError(path: string): HttpResponse;
}

export interface HearthServer {
  server: Server;
  port: number;
  /** swaps the app without dropping the listener (sandbox reload) */
  setApp(app: App): void;
  /**
   * who takes requests under `prefix` unbuffered, on node's own request and response (the S3
   * endpoint streams object bytes both ways); swapped on reload like the app
   */
  setRaw(route: RawRoute | undefined): void;
  /** who takes WebSocket upgrades (the AppSync realtime endpoint); without one they are refused */
  setUpgrade(handler: UpgradeHandler): void;
  /** `/_hearth/ready` answers 200 once this is set and resolves (database reachable, migrations done) */
  setReadiness(check: () => Promise<void>): void;
  /**
   * SIGTERM's first step: `/_hearth/ready` turns 503, the listener stops accepting, idle keep-alive
   * connections close, and requests in flight may finish within `timeoutMs`. Resolves with the
   * number of requests still running at the bound (0: all finished).
   */
  drain(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface RawRoute {
  /** e.g. `/s3`: the path itself and everything under `/s3/` */
  prefix: string;
  /** `requestId`: the answer's x-amzn-RequestId, already set */
  handle(req: IncomingMessage, res: ServerResponse, requestId: string): void;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** 1 MiB, AppSync's documented request limit; Cognito's requests are far smaller. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * One HTTP listener for every protocol. With `tlsCertDir`, the same port also answers TLS
 * (tls-sniffing.ts), for clients that insist on `wss://` for realtime.
 */
export async function startHttpServer(o: {
  host: string;
  port: number;
  app: App;
  logger: Logger;
  tlsCertDir?: string;
  /** counts requests by protocol and operation, and serves `/_hearth/metrics` as `metricsAccess` says */
  metrics?: HearthMetrics;
  metricsAccess?: MetricsAccess;
  /**
   * the sandbox: Hearth's own routes answer only loopback Host names (against DNS rebinding);
   * production sits behind proxies that pass the public name, and keeps the session and Origin checks
   */
  loopbackHostsOnly?: boolean;
}): Promise<HearthServer> {
  let app = o.app;
  let raw: RawRoute | undefined;
  const ops: OpsState = { draining: false, metrics: o.metrics, metricsAccess: o.metricsAccess ?? 'off' };
  const inFlight = new InFlight();
  const loopbackOnly = o.loopbackHostsOnly ?? false;
  // long-lived answers (the console's event stream) end when draining starts, so they hold no shutdown up
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    // one id per request: on every log line written while handling it, and in the answer's x-amzn-RequestId
    const requestId = randomUUID();
    res.setHeader('x-amzn-RequestId', requestId);
    if (ops.draining) res.setHeader('connection', 'close');
    inFlight.track(res);
    const route = raw && underPrefix(req.url ?? '/', raw.prefix) ? raw : undefined;
    if (route) observe(res, o.metrics, () => labelS3Request(req));
    runWithRequestId(requestId, () =>
      route ? route.handle(req, res, requestId) : void serve(req, res, { app, logger: o.logger, ops, loopbackOnly, streams, requestId }),
    );
  });
  server.keepAliveTimeout = 65_000;
  let upgrade: UpgradeHandler | undefined;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    if (o.metrics) {
      const m = o.metrics;
      m.realtimeConnections(1);
      socket.once('close', () => m.realtimeConnections(-1));
    }
    if (upgrade) upgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  const sniffing = o.tlsCertDir ? listenWithTlsSniffing(server, o.tlsCertDir) : undefined;
  const listener: NetServer = sniffing?.listener ?? server;
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(o.port, o.host, () => resolve());
  });
  return {
    server,
    port: (listener.address() as AddressInfo).port,
    setApp: (a) => {
      app = a;
    },
    setRaw: (r) => {
      raw = r;
    },
    setUpgrade: (h) => {
      upgrade = h;
    },
    setReadiness: (check) => {
      ops.ready = check;
    },
    drain: async (timeoutMs) => {
      ops.draining = true;
      for (const s of streams) s.end();
      listener.close();
      server.closeIdleConnections();
      return inFlight.settle(timeoutMs, () => server.closeIdleConnections());
    },
    close: () =>
      new Promise((resolve) => {
        listener.close(() => resolve());
        server.closeAllConnections();
        if (sniffing) {
          server.close();
          sniffing.destroyConnections();
        }
      }),
  };
}

function underPrefix(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */;
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  c: { app: App; logger: Logger; ops: OpsState; loopbackOnly: boolean; streams: Set<ServerResponse>; requestId: string },
): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === 'OPTIONS') return send(res, { status: 204, headers: {}, body: '' }, path);
  const body = await readBody(req, BODY_LIMIT);
  if (!body.ok) {
    if (body.reason === 'too-large' && !res.destroyed) send(res, c.app.tooLarge(path), path);
    return;
  }
  const request: HttpRequest = {
    method: req.method ?? 'GET',
    path,
    query: q === -1 ? '' : url.slice(q + 1),
    headers: flattenHeaders(req),
    body: body.body,
    remoteAddress: req.socket.remoteAddress,
    requestId: c.requestId,
  };
  let answer: HttpResponse | undefined;
  observe(
    res,
    c.ops.metrics,
    () => labelRequest(request, DATA_PATH),
    () => graphqlFailed(path, answer),
  );
  try {
    // Hearth's own routes answer only their own origin, and in the sandbox only loopback names
    answer =
      refuseForeignCaller(request, { loopbackOnly: c.loopbackOnly }) ?? (await opsRoute(request, c.ops)) ?? (await c.app.handle(request));
  } catch (e) {
    // a handler bug: log it here, never serialise it
    c.logger.error(`${request.method} ${path}: ${(e as Error).stack ?? String(e)}`);
    answer = c.app.internalError(path);
  }
  if (answer.stream && !c.ops.draining) {
    c.streams.add(res);
    res.once('close', () => c.streams.delete(res));
  }
  send(res, answer, path);
}

/** Node joins repeated headers with ', ' already (set-cookie aside, which no protocol here reads). */
function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  return req.headers as Record<string, string | undefined>;
}

function send(res: ServerResponse, r: HttpResponse, path: string): void {
  // the request id set on arrival wins over one a protocol made up (the log lines carry ours)
  const headers: Record<string, string | number> = { ...corsHeadersFor(path) };
  for (const k in r.headers) if (k.toLowerCase() !== 'x-amzn-requestid') headers[k] = r.headers[k] as string;
  if (r.stream) {
    sendStream(res, r.status, headers, r.stream);
    return;
  }
  const body = r.bytes ?? r.body;
  headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(r.status, headers);
  res.end(body);
}

/** A long-lived answer (the console's event stream): written as it comes, stopped when the client goes. */
function sendStream(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  stream: NonNullable<HttpResponse['stream']>,
): void {
  res.writeHead(status, headers);
  res.flushHeaders();
  const stop = stream({ write: (chunk) => void res.write(chunk), end: () => res.end() });
  res.once('close', stop);
}
