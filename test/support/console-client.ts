/**
 * The console's JSON API as its page calls it: same origin (no Origin header from node, as a page's
 * own GETs), the CSRF token from `GET api/session` on every change, and the session cookie once
 * signed in (production).
 */
export interface ConsoleClient {
  get(path: string): Promise<{ status: number; body: any }>;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** signs in with the admin key (production) and keeps the cookie */
  signIn(key: { accessKeyId: string; secretAccessKey: string }): Promise<number>;
  csrf(): Promise<string>;
  cookie: string | undefined;
}

export function consoleClient(base: string): ConsoleClient {
  const api = `${base}/_hearth/console/api/`;
  let token: string | undefined;
  const c: ConsoleClient = {
    cookie: undefined,
    async get(path) {
      const res = await fetch(api + path, { headers: c.cookie ? { cookie: c.cookie } : {} });
      return { status: res.status, body: await res.json() };
    },
    async csrf() {
      token ??= (await c.get('session')).body.csrfToken as string;
      return token;
    },
    async send(method, path, body, headers = {}) {
      const res = await fetch(api + path, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-hearth-csrf': await c.csrf(),
          ...(c.cookie ? { cookie: c.cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    async signIn(key) {
      const res = await fetch(`${api}session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(key),
      });
      const set = res.headers.get('set-cookie');
      if (set) c.cookie = set.split(';')[0];
      const body = (await res.json()) as { csrfToken?: string };
      token = body.csrfToken;
      return res.status;
    },
  };
  return c;
}

/** The event stream's events, as they arrive (`close()` ends the stream). */
export async function openEvents(base: string, cookie?: string) {
  const ctl = new AbortController();
  const res = await fetch(`${base}/_hearth/console/api/events`, { signal: ctl.signal, headers: cookie ? { cookie } : {} });
  const events: { type: string; data: any }[] = [];
  const reader = res.body?.getReader();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        buf += Buffer.from(chunk.value).toString('utf8');
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) });
          end = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return { status: res.status, contentType: res.headers.get('content-type'), events, close: () => ctl.abort() };
}

export async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
