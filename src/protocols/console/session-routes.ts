/** `GET|POST|DELETE api/session`: who the console caller is, sign-in with the admin key, sign-out. */
import { HearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { json } from '../../util/http.js';
import { secureEqual } from '../../util/secure-compare.js';
import type { ConsoleRoute } from './console-router.js';
import { type ConsoleSessions, CSRF_HEADER, SESSION_COOKIE, SESSION_TTL_MS } from './console-session.js';

interface Deps {
  basePath: string;
  mode: 'sandbox' | 'production';
  sessions: ConsoleSessions;
  sandboxCsrf: string;
  /** the console is reached over https (HEARTH_PUBLIC_URL): the cookie is Secure */
  secureCookie?: boolean;
}

const noStore = { 'cache-control': 'no-store' };

export function sessionRoutes(d: Deps): ConsoleRoute[] {
  const cookie = (req: HttpRequest, value: string, maxAgeS: number) =>
    `${SESSION_COOKIE}=${value}; Path=${d.basePath}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}` +
    (d.secureCookie || req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '');
  return [
    {
      method: 'GET',
      path: 'session',
      handle: async ({ req }) => {
        if (d.mode === 'sandbox') return json(200, { mode: 'sandbox', signedIn: true, csrfToken: d.sandboxCsrf }, noStore);
        const s = d.sessions.sessionOf(req);
        return json(200, { mode: 'production', signedIn: !!s, ...(s ? { csrfToken: d.sessions.csrfToken(s) } : {}) }, noStore);
      },
    },
    {
      method: 'POST',
      path: 'session',
      handle: async ({ req, body }) => {
        if (d.mode === 'sandbox') return json(200, { mode: 'sandbox', signedIn: true, csrfToken: d.sandboxCsrf }, noStore);
        const s = d.sessions.signIn(body);
        return json(
          200,
          { mode: 'production', signedIn: true, csrfToken: s.csrfToken },
          { ...noStore, 'set-cookie': cookie(req, s.cookie, Math.floor(SESSION_TTL_MS / 1000)) },
        );
      },
    },
    {
      method: 'DELETE',
      path: 'session',
      handle: async ({ req }) => {
        if (d.mode === 'sandbox') return json(200, { mode: 'sandbox', signedIn: true }, noStore);
        const s = d.sessions.sessionOf(req);
        if (!s) throw new HearthError('Unauthorized', 'Not signed in.');
        if (!secureEqual(req.headers[CSRF_HEADER] ?? '', d.sessions.csrfToken(s)))
          throw new HearthError('AccessDenied', `Missing or wrong ${CSRF_HEADER} header.`);
        d.sessions.signOut(s);
        return json(200, { mode: 'production', signedIn: false }, { ...noStore, 'set-cookie': cookie(req, '', 0) });
      },
    },
  ];
}
