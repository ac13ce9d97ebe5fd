/**
 * `signInWithRedirect` and `signOut` of aws-amplify v6 address the OAuth domain as
 * `https://<oauth.domain>/…` (it forces https), while a sandbox serves plain `http://`. Hearth answers
 * TLS on the same port too, but with a self-signed certificate a browser warns about. So, for the
 * Hearth host whose endpoints are http only, `configureAmplify` sends these requests over http:
 * - the token request (`fetch` of `/oauth2/token`, `/oauth2/revoke`, `/oauth2/userInfo`), through the
 *   `fetch` wrapper storage already installs (storage-fetch.ts);
 * - the page navigations (`/oauth2/authorize`, `/logout`) through the Navigation API's `navigate`
 *   event (Chromium 102+, Firefox 147+, Safari 26+), which lets a page cancel a navigation it started
 *   and start the http one instead. Without that API the browser goes to https and shows its
 *   certificate warning once; past it the flow works the same.
 * Other URLs are untouched.
 */

import { addFetchRewrite } from './storage-fetch.js';

/** host:port of Hearth's OAuth domain when it is served over plain http */
const plainHosts = new Set<string>();
let navigationHooked = false;

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
  addFetchRewrite(plainOAuthUrl);
  installNavigation();
}
