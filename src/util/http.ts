/**
 * The framework-free request/response pair that protocols handle. The server turns node:http
 * requests into these, so protocol handlers can be tested in-process without a socket.
 */
export interface HttpRequest {
  method: string;
  /** path without the query string, e.g. `/graphql` */
  path: string;
  /** the raw query string without `?` ('' when absent) */
  query: string;
  /** header names lower-cased; repeated headers joined with ', ' */
  headers: Record<string, string | undefined>;
  /** the raw body as UTF-8 text */
  body: string;
  /** remote address, for logs only */
  remoteAddress?: string;
  /** the server's id for this request: its answer's x-amzn-RequestId and its log lines' */
  requestId?: string;
  /** the GraphQL document, once the AppSync handler has read it from the body (metrics label it without a second parse) */
  graphqlQuery?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** raw bytes sent instead of `body` (a file, an object's preview) */
  bytes?: Uint8Array;
  /**
   * a body the handler writes after the head, for as long as it likes (Server-Sent Events); the
   * function it returns runs when the connection closes
   */
  stream?: (out: { write(chunk: string): void; end(): void }) => () => void;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** Parses a JSON body, returning undefined for anything that is not a JSON object. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
