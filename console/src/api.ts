/**
 * The console JSON API client: one `fetch` wrapper that adds the CSRF header on every change and
 * turns the API's `{ error: { code, message, field? } }` answers into `ConsoleApiError`s.
 */
export const BASE = new URL('./api/', document.baseURI).pathname;

let csrfToken: string | undefined;

/** Remembers the CSRF token from `GET/POST api/session` (production only; the sandbox has none). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** sent as JSON, unless it is a Blob (sent as bytes) */
  body?: unknown;
  signal?: AbortSignal;
  /** a GraphQL endpoint: an error status with a `{ errors }` body is returned, not thrown */
  graphql?: boolean;
}

/** `path` is relative to `api/`; query values that are undefined or '' are left out. */
export function apiUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `${BASE}${path}${s ? `?${s}` : ''}`;
}

export async function api<T>(url: string, o: RequestOptions = {}): Promise<T> {
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers['x-hearth-csrf'] = csrfToken;
  let body: BodyInit | undefined;
  if (o.body instanceof Blob) body = o.body;
  else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  const res = await fetch(url.startsWith('/') ? url : `${BASE}${url}`, {
    method,
    headers,
    body,
    signal: o.signal,
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  // a GraphQL answer (`{ errors }`) is the answer even with a 401: the explorer shows it as the app would get it
  if (!res.ok && !(o.graphql && Array.isArray((data as { errors?: unknown })?.errors))) {
    const e = (data as { error?: { code?: string; message?: string; field?: string } })?.error;
    throw new ConsoleApiError(res.status, e?.code ?? `HTTP${res.status}`, e?.message ?? (text || res.statusText), e?.field);
  }
  return data as T;
}

/** The message to show for anything a call threw. */
export function errorText(e: unknown): string {
  if (e instanceof ConsoleApiError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
