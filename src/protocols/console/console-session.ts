/**
 * The console's admin session (`hearth start --console`): the login form posts the admin key
 * (HEARTH_ADMIN_ACCESS_KEY_ID / HEARTH_ADMIN_SECRET_ACCESS_KEY), compared in constant time and never
 * logged; the answer is an HttpOnly SameSite=Strict cookie that expires, and a CSRF token every
 * change must carry. Both are HMACs under a key kept in the database, so every instance behind a
 * load balancer accepts them; sign-out forgets the session on the instance that served it (others
 * keep it until it expires).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { secureEqual } from '../../util/secure-compare.js';

/** the admin key's two halves (server/admin-credentials.ts) */
export interface AdminKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export const SESSION_COOKIE = 'hearth_console';
export const CSRF_HEADER = 'x-hearth-csrf';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** failed logins tolerated per minute on one instance, before they are refused outright */
const LOGIN_FAILURES_PER_MINUTE = 10;

export interface ConsoleSessions {
  /** checks the posted admin key; the new session's cookie value and CSRF token */
  signIn(input: { accessKeyId?: unknown; secretAccessKey?: unknown }): { cookie: string; csrfToken: string; expires: number };
  /** the session's id when the request carries a live session cookie */
  sessionOf(req: HttpRequest): string | undefined;
  /** the CSRF token that belongs to a session */
  csrfToken(session: string): string;
  signOut(session: string): void;
}

export function createConsoleSessions(o: { key: Buffer; admin?: AdminKey; clock: Clock }): ConsoleSessions {
  const mac = (s: string) => createHmac('sha256', o.key).update(s).digest('base64url');
  const signedOut = new Map<string, number>();
  let failures: number[] = [];
  return {
    signIn(input) {
      const now = o.clock.now();
      failures = failures.filter((t) => t > now - 60_000);
      if (failures.length >= LOGIN_FAILURES_PER_MINUTE)
        throw new HearthError('TooManyRequests', 'Too many failed sign-ins; wait a minute.');
      if (!o.admin || !adminKeyMatches(o.admin, input)) {
        failures.push(now);
        throw new HearthError('NotAuthorized', 'Incorrect access key id or secret access key.');
      }
      const expires = now + SESSION_TTL_MS;
      const session = `${expires}.${randomBytes(18).toString('base64url')}`;
      return { cookie: `${session}.${mac(`session:${session}`)}`, csrfToken: mac(`csrf:${session}`), expires };
    },
    sessionOf(req) {
      const value = cookieValue(req.headers.cookie, SESSION_COOKIE);
      const dot = value?.lastIndexOf('.') ?? -1;
      if (!value || dot < 0) return undefined;
      const session = value.slice(0, dot);
      if (!secureEqual(value.slice(dot + 1), mac(`session:${session}`))) return undefined;
      const expires = Number(session.split('.')[0]);
      if (!(expires > o.clock.now()) || signedOut.has(session)) return undefined;
      return session;
    },
    csrfToken: (session) => mac(`csrf:${session}`),
    signOut(session) {
      const now = o.clock.now();
      for (const [s, exp] of signedOut) if (exp <= now) signedOut.delete(s);
      signedOut.set(session, Number(session.split('.')[0]));
    },
  };
}

/** Both halves compared in constant time, whatever the first one's outcome. */
function adminKeyMatches(admin: AdminKey, input: { accessKeyId?: unknown; secretAccessKey?: unknown }): boolean {
  const id = typeof input.accessKeyId === 'string' ? input.accessKeyId : '';
  const secret = typeof input.secretAccessKey === 'string' ? input.secretAccessKey : '';
  const idOk = secureEqual(id, admin.accessKeyId);
  const secretOk = secureEqual(secret, admin.secretAccessKey);
  return idOk && secretOk && id !== '' && secret !== '';
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
