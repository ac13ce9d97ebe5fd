/**
 * The Amplify client always opens its realtime socket as `wss://` (it rewrites http and https
 * alike, reference §F.1), while a sandbox endpoint is plain `http://`. Amplify builds the socket
 * through the global `WebSocket` at run time, so a thin subclass installed there turns `wss://`
 * into `ws://` for the http endpoints Hearth configured, and leaves every other URL alone.
 * Browsers then need no trusted certificate for the sandbox.
 */

/** host:port of the plain-http data endpoints whose realtime URL is rewritten */
const insecureHosts = new Set<string>();
const MARK = Symbol.for('hearth.realtimeWebSocket');

type SocketClass = (new (url: string | URL, protocols?: string | string[]) => object) & { [MARK]?: true };

/** Registers an http data endpoint and installs the global wrapper (once; idempotent). */
export function rewriteRealtimeUrls(dataUrl: string): void {
  let u: URL;
  try {
    u = new URL(dataUrl);
  } catch {
    return;
  }
  if (u.protocol !== 'http:') return;
  insecureHosts.add(u.host);
  install();
}

/** The URL the socket really opens: `ws://` for a registered http endpoint, else unchanged. */
export function realtimeUrl(url: string | URL): string | URL {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return url;
  }
  if (u.protocol !== 'wss:' || !insecureHosts.has(u.host)) return url;
  u.protocol = 'ws:';
  return u.toString();
}

/**
 * An accessor on globalThis.WebSocket, so a WebSocket class assigned later (Node 20 apps and tests
 * assign the `ws` package's) is wrapped too.
 */
function install(): void {
  const g = globalThis as { WebSocket?: SocketClass };
  const existing = Object.getOwnPropertyDescriptor(g, 'WebSocket');
  if ((existing?.get as { [MARK]?: true } | undefined)?.[MARK]) return;
  let current = wrap(g.WebSocket);
  const get = Object.assign(() => current, { [MARK]: true as const });
  Object.defineProperty(g, 'WebSocket', {
    configurable: true,
    enumerable: false,
    get,
    set: (v: SocketClass | undefined) => {
      current = wrap(v);
    },
  });
}

function wrap(Base: SocketClass | undefined): SocketClass | undefined {
  if (typeof Base !== 'function' || Base[MARK]) return Base;
  const Wrapped = class extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(realtimeUrl(url), protocols);
    }
  } as SocketClass;
  Object.defineProperty(Wrapped, MARK, { value: true });
  Object.defineProperty(Wrapped, 'name', { value: Base.name || 'WebSocket' });
  return Wrapped;
}
