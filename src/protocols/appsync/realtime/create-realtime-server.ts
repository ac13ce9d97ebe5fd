import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Caller } from '../../../data/types.js';
import { HearthError } from '../../../util/errors.js';
import { GRAPHQL_PATH } from '../create-appsync-handler.js';
import { authenticateHeaders } from './authenticate-headers.js';
import { readConnectHeaders, selectProtocol } from './handshake.js';
import { type RealtimeDeps, serveConnection } from './serve-connection.js';

export const REALTIME_PATH = `${GRAPHQL_PATH}/realtime`;

export interface RealtimeServerOptions {
  /** `{type:'ka'}` interval; AppSync's clients want one at least every 60 s (reference §F.3) */
  keepAliveMs?: number;
  /** sent in connection_ack; the client reconnects after this long without ka/data */
  connectionTimeoutMs?: number;
  /** close sockets that send no connection_init within this long (default 30 s) */
  initTimeoutMs?: number;
  /** subscriptions per connection (default 100, AppSync's default quota) */
  maxSubscriptions?: number;
  /** a connection whose unsent data passes this many bytes is cut (default 16 MiB) */
  maxBufferedBytes?: number;
}

export interface RealtimeServer {
  /** for the HTTP server's 'upgrade' event; answers 404 for any path but /graphql/realtime */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Swaps the services new connections and starts use. With `restart`, open connections are
   * closed (1012) so clients reconnect and re-subscribe under the new schema and rules.
   */
  setDeps(deps: RealtimeDeps | undefined, o?: { restart: boolean }): void;
  /** closes every connection (1001) and stops accepting new ones */
  close(): Promise<void>;
  /** subscriptions started (or starting) on the open connections */
  openSubscriptions(): number;
}

/**
 * AppSync's realtime WebSocket over `ws` in noServer mode, sharing the HTTP listener. The connect
 * identity is checked during the upgrade and reported at connection_init, as AppSync does.
 */
export function createRealtimeServer(o: RealtimeServerOptions = {}): RealtimeServer {
  let deps: RealtimeDeps | undefined;
  let closing = false;
  // 1 MiB per message, like the HTTP body limit: a start carries one GraphQL document. No
  // compression: serve-connection writes data messages as pre-built uncompressed frames
  const wss = new WebSocketServer({ noServer: true, handleProtocols: selectProtocol, maxPayload: 1024 * 1024, perMessageDeflate: false });
  const options = {
    keepAliveMs: o.keepAliveMs ?? 60_000,
    connectionTimeoutMs: o.connectionTimeoutMs ?? 300_000,
    initTimeoutMs: o.initTimeoutMs ?? 30_000,
    maxSubscriptions: o.maxSubscriptions ?? 100,
    maxBufferedBytes: o.maxBufferedBytes ?? 16 * 1024 * 1024,
    live: new Set<ReadonlyMap<string, unknown>>(),
    dataPath: GRAPHQL_PATH,
  };

  function connect(req: IncomingMessage): Promise<Caller> {
    const current = deps;
    if (!current) return Promise.reject(new HearthError('NotAuthorized', 'This backend defines no data API.'));
    // the connect signature covers POST <endpoint>/connect with the body {} (reference §F.2)
    return authenticateHeaders({ headers: readConnectHeaders(req), path: `${GRAPHQL_PATH}/connect`, body: '{}' }, current);
  }

  return {
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== REALTIME_PATH || closing) {
        socket.end(`HTTP/1.1 ${closing ? 503 : 404} ${closing ? 'Service Unavailable' : 'Not Found'}\r\nConnection: close\r\n\r\n`);
        return;
      }
      const identity = connect(req);
      identity.catch(() => {}); // reported at connection_init
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) =>
        serveConnection(ws, { ...options, socket, deps: () => deps, connect: identity }),
      );
    },
    setDeps(next, so) {
      deps = next;
      if (so?.restart) for (const ws of wss.clients) ws.close(1012, 'Service restart: schema changed');
    },
    openSubscriptions() {
      let n = 0;
      for (const subs of options.live) n += subs.size;
      return n;
    },
    async close() {
      closing = true;
      await Promise.all([...wss.clients].map((ws) => closeSocket(ws)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A clean close frame first; a peer that never answers is cut off after a second. */
function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    const timer = setTimeout(() => ws.terminate(), 1000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'Server shutting down');
  });
}
