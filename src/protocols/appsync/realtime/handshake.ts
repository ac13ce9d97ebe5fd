import type { IncomingMessage } from 'node:http';

/** The one subprotocol AppSync GraphQL subscriptions speak; the server must select it (reference §F.2). */
export const GRAPHQL_WS = 'graphql-ws';
const HEADER_PREFIX = 'header-';

/** ws's `handleProtocols`: select `graphql-ws` when offered, else accept without one. */
export function selectProtocol(offered: Set<string>): string | false {
  return offered.has(GRAPHQL_WS) ? GRAPHQL_WS : false;
}

/**
 * The connect auth object, from wherever the client put it: the `header-<base64url(JSON)>`
 * subprotocol (aws-amplify ≥ 6.6) or the `?header=<base64(JSON)>` query parameter (older
 * clients, reference §F.4). Undefined when absent or not a JSON object.
 */
export function readConnectHeaders(req: IncomingMessage): Record<string, unknown> | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const sub = offered.find((p) => p.startsWith(HEADER_PREFIX));
  const fromQuery = new URL(req.url ?? '/', 'http://localhost').searchParams.get('header');
  const encoded = sub ? sub.slice(HEADER_PREFIX.length) : fromQuery;
  return encoded ? decodeObject(encoded) : undefined;
}

/** Node's base64 decoder reads both the standard and the URL-safe alphabet, padded or not. */
function decodeObject(encoded: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
