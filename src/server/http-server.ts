import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../util/http.js';
import type { Logger } from '../util/logger.js';
import { corsHeaders } from './cors.js';
import { readBody } from './read-body.js';
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
  close(): Promise<void>;
}

export interface RawRoute {
  /** e.g. `/s3`: the path itself and everything under `/s3/` */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
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
}): Promise<HearthServer> {
  let app = o.app;
  let raw: RawRoute | undefined;
  const server = createServer((req, res) => {
    if (raw && underPrefix(req.url ?? '/', raw.prefix)) raw.handle(req, res);
    else void serve(req, res, app, o.logger);
  });
  server.keepAliveTimeout = 65_000;
  let upgrade: UpgradeHandler | undefined;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
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

async function serve(req: IncomingMessage, res: ServerResponse, app: App, logger: Logger): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === 'OPTIONS') return send(res, { status: 204, headers: {}, body: '' });
  const body = await readBody(req, BODY_LIMIT);
  if (!body.ok) {
    if (body.reason === 'too-large' && !res.destroyed) send(res, app.tooLarge(path));
    return;
  }
  const request: HttpRequest = {
    method: req.method ?? 'GET',
    path,
    query: q === -1 ? '' : url.slice(q + 1),
    headers: flattenHeaders(req),
    body: body.body,
    remoteAddress: req.socket.remoteAddress,
  };
  try {
    send(res, await app.handle(request));
  } catch (e) {
    // a handler bug: log it here, never serialise it
    logger.error(`${request.method} ${path}: ${(e as Error).stack ?? String(e)}`);
    send(res, app.internalError(path));
  }
}

/** Node joins repeated headers with ', ' already (set-cookie aside, which no protocol here reads). */
function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  return req.headers as Record<string, string | undefined>;
}

function send(res: ServerResponse, r: HttpResponse): void {
  res.writeHead(r.status, { ...corsHeaders, ...r.headers, 'content-length': Buffer.byteLength(r.body) });
  res.end(r.body);
}
