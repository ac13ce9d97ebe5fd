/**
 * `signInWithRedirect` and `signOut` of aws-amplify v6 address the OAuth domain as
 * `https://<oauth.domain>/…` (it forces https), while a sandbox serves plain `http://`. Hearth answers
 * TLS on the same port too, but with a self-signed certificate a browser warns about. So, for the
 * Hearth host whose endpoints are http only, `configureAmplify` sends these requests over http:
 * - the token request (`fetch` of `/oauth2/token`, `/oauth2/revoke`, `/oauth2/userInfo`), by wrapping `fetch`;
 * - the page navigations (`/oauth2/authorize`, `/logout`) through the Navigation API's `navigate`
 *   event (Chromium 102+, Firefox 147+, Safari 26+), which lets a page cancel a navigation it started
 *   and start the http one instead. Without that API the browser goes to https and shows its
 *   certificate warning once; past it the flow works the same.
 * Other URLs are untouched.
 */

/** host:port of Hearth's OAuth domain when it is served over plain http */
const plainHosts = new Set<string>();
const FETCH_MARK = Symbol.for('hearth.oauthFetch');
let navigationHooked = false;

type Fetch = typeof globalThis.fetch & { [FETCH_MARK]?: true };

/** The http URL for an `https://<plain host>/oauth2/…` or `/logout` URL, else undefined. */
export function plainOAuthUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || !plainHosts.has(u.host)) return undefined;
  if (!u.pathname.startsWith('/oauth2/') && u.pathname !== '/logout' && u.pathname !== '/login') return undefined;
  u.protocol = 'http:';
  return u.toString();
}

function wrapFetch(base: Fetch | undefined): Fetch | undefined {
  if (typeof base !== 'function' || base[FETCH_MARK]) return base;
  const wrapped = ((input: Parameters<Fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const plain = url === undefined ? undefined : plainOAuthUrl(url);
    return base(plain ?? input, init);
  }) as Fetch;
  Object.defineProperty(wrapped, FETCH_MARK, { value: true });
  return wrapped;
}

/** An accessor on globalThis.fetch keeps the wrapper in front of a fetch assigned later. */
function installFetch(): void {
  const g = globalThis as { fetch?: Fetch };
  const existing = Object.getOwnPropertyDescriptor(g, 'fetch');
  if ((existing?.get as { [FETCH_MARK]?: true } | undefined)?.[FETCH_MARK]) return;
  let current = wrapFetch(g.fetch);
  const get = Object.assign(() => current, { [FETCH_MARK]: true as const });
  Object.defineProperty(g, 'fetch', {
    configurable: true,
    enumerable: existing?.enumerable ?? true,
    get,
    set: (v: Fetch | undefined) => {
      current = wrapFetch(v);
    },
  });
}

interface NavigateEvent extends Event {
  destination: { url: string };
  cancelable: boolean;
}

function installNavigation(): void {
  const g = globalThis as { navigation?: EventTarget; location?: { assign(url: string): void } };
  if (navigationHooked || !g.navigation || !g.location) return;
  navigationHooked = true;
  g.navigation.addEventListener('navigate', (event) => {
    const e = event as NavigateEvent;
    const plain = plainOAuthUrl(e.destination.url);
    if (!plain || !e.cancelable) return;
    e.preventDefault();
    g.location?.assign(plain);
  });
}

/**
 * Sends aws-amplify's OAuth requests for `domain` over http when Hearth serves it over http
 * (`userPoolEndpoint` tells: `http://<domain>/cognito`). Idempotent.
 */
export function redirectOAuth(domain: string, userPoolEndpoint: string): void {
  let endpoint: URL;
  try {
    endpoint = new URL(userPoolEndpoint);
  } catch {
    return;
  }
  if (endpoint.protocol !== 'http:' || endpoint.host !== domain) return;
  plainHosts.add(domain);
  installFetch();
  installNavigation();
}
