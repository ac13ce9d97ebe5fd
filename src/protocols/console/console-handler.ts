/**
 * The console's one entry: static SPA files, the session endpoints, then the guard every other
 * endpoint sits behind: in production a live admin session (console-session.ts), and on every change
 * (POST, PUT, DELETE) the session's CSRF token in `x-hearth-csrf`, in the sandbox too. Origin and Host
 * were already checked by the listener (server/cors.ts) for every `/_hearth/` route.
 */
import { HearthError, toHearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, json, parseJsonObject } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import { secureEqual } from '../../util/secure-compare.js';
import { consoleError } from './console-errors.js';
import { type ConsoleRoute, matchRoute, pathKnown } from './console-router.js';
import { type ConsoleSessions, CSRF_HEADER } from './console-session.js';
import { sessionRoutes } from './session-routes.js';
import { serveStatic } from './static-files.js';

export interface ConsoleHandlerDeps {
  /** the path the console is served under, e.g. `/_hearth/console` */
  basePath: string;
  mode: 'sandbox' | 'production';
  sessions: ConsoleSessions;
  /** the sandbox's CSRF token (one per process; it has no sessions) */
  sandboxCsrf: string;
  /** the public URL is https: the session cookie is Secure */
  secureCookie?: boolean;
  routes: ConsoleRoute[];
  /** where the SPA's built files are (`dist/console/`) */
  staticDir: string;
  logger: Logger;
}

/** headers on every console answer: never framed by another page, never cached */
const GUARD_HEADERS = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

export function createConsoleHandler(d: ConsoleHandlerDeps): (req: HttpRequest) => Promise<HttpResponse> {
  const session = sessionRoutes(d);
  return async (req) => {
    const res = await answer(d, session, req);
    return { ...res, headers: { ...GUARD_HEADERS, ...res.headers } };
  };
}

async function answer(d: ConsoleHandlerDeps, session: ConsoleRoute[], req: HttpRequest): Promise<HttpResponse> {
  const sub = req.path.slice(d.basePath.length);
  if (!sub.startsWith('/api/')) return serveStatic(d.staticDir, d.basePath, req);
  const rest = sub.slice('/api/'.length);
  try {
    const own = matchRoute(session, req.method, rest);
    if (own) return await own.route.handle(input(req, own.params));
    const s = d.mode === 'production' ? d.sessions.sessionOf(req) : undefined;
    if (d.mode === 'production' && !s) throw new HearthError('Unauthorized', 'Sign in to the console with the admin key first.');
    if (req.method !== 'GET') checkCsrf(req, s ? d.sessions.csrfToken(s) : d.sandboxCsrf);
    const found = matchRoute(d.routes, req.method, rest);
    if (!found) {
      if (pathKnown(d.routes, rest)) throw new HearthError('MethodNotAllowed', `${req.method} is not allowed on ${rest}.`);
      throw new HearthError('NotFound', `The console has no endpoint ${req.method} api/${rest}.`);
    }
    return await found.route.handle(input(req, found.params));
  } catch (e) {
    const err = toHearthError(e);
    if (err.code === 'Internal') d.logger.error(`console ${req.method} api/${rest}: ${(err.cause as Error)?.stack ?? String(err.cause)}`);
    return consoleError(err, (e as { field?: string }).field);
  }
}

function checkCsrf(req: HttpRequest, expected: string): void {
  const sent = req.headers[CSRF_HEADER] ?? '';
  if (!secureEqual(sent, expected))
    throw new HearthError('AccessDenied', `Missing or wrong ${CSRF_HEADER} header (GET api/session gives the token).`);
}

function input(req: HttpRequest, params: Record<string, string>) {
  const body = req.body.trim() === '' ? {} : parseJsonObject(req.body);
  if (!body) throw new HearthError('BadRequest', 'The request body must be a JSON object.');
  return { req, params, query: new URLSearchParams(req.query), body };
}

/** A JSON answer the browser must not cache. */
export const noStore = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  json(status, value, { 'cache-control': 'no-store', ...headers });
