import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../util/http.js';
import { createConsoleSessions, SESSION_TTL_MS } from './console-session.js';

const admin = { accessKeyId: 'AKIATEST', secretAccessKey: 'secret-0123456789' };
const withCookie = (cookie: string): HttpRequest => ({ method: 'GET', path: '/', query: '', headers: { cookie }, body: '' });

function sessions(now = { t: 1_700_000_000_000 }) {
  return { now, s: createConsoleSessions({ key: Buffer.alloc(32, 7), admin, clock: { now: () => now.t } }) };
}

describe('console sessions', () => {
  it('a signed-in cookie is a session until it expires, and its CSRF token is its own', () => {
    const { now, s } = sessions();
    const a = s.signIn(admin);
    const b = s.signIn(admin);
    const sa = s.sessionOf(withCookie(`x=1; hearth_console=${a.cookie}`));
    expect(sa).toBeDefined();
    expect(s.csrfToken(sa as string)).toBe(a.csrfToken);
    expect(a.csrfToken).not.toBe(b.csrfToken);
    now.t += SESSION_TTL_MS - 1;
    expect(s.sessionOf(withCookie(`hearth_console=${a.cookie}`))).toBeDefined();
    now.t += 1;
    expect(s.sessionOf(withCookie(`hearth_console=${a.cookie}`))).toBeUndefined();
  });

  it('a tampered cookie (a later expiry, another mac) is no session', () => {
    const { s } = sessions();
    const { cookie } = s.signIn(admin);
    const [exp, nonce, mac] = cookie.split('.');
    expect(s.sessionOf(withCookie(`hearth_console=${Number(exp) + 1}.${nonce}.${mac}`))).toBeUndefined();
    expect(s.sessionOf(withCookie(`hearth_console=${exp}.${nonce}.${mac?.slice(1)}A`))).toBeUndefined();
    const other = createConsoleSessions({ key: Buffer.alloc(32, 8), admin, clock: { now: () => 1_700_000_000_000 } });
    expect(other.sessionOf(withCookie(`hearth_console=${cookie}`))).toBeUndefined();
  });

  it('signing out ends the session on this instance', () => {
    const { s } = sessions();
    const { cookie } = s.signIn(admin);
    const id = s.sessionOf(withCookie(`hearth_console=${cookie}`)) as string;
    s.signOut(id);
    expect(s.sessionOf(withCookie(`hearth_console=${cookie}`))).toBeUndefined();
  });

  it('refuses a wrong or missing key, empty halves, and more than 10 failures a minute', () => {
    const { now, s } = sessions();
    expect(() => s.signIn({ accessKeyId: admin.accessKeyId })).toThrow(/Incorrect/);
    expect(() => s.signIn({ accessKeyId: admin.accessKeyId, secretAccessKey: 'nope' })).toThrow(/Incorrect/);
    for (let i = 0; i < 8; i++) expect(() => s.signIn({ accessKeyId: 'x', secretAccessKey: 'y' })).toThrow(/Incorrect/);
    expect(() => s.signIn(admin)).toThrow(/Too many failed sign-ins/);
    now.t += 60_001;
    expect(s.signIn(admin).cookie).toMatch(/^\d+\.[\w-]+\.[\w-]+$/);
    const none = createConsoleSessions({ key: Buffer.alloc(32, 7), clock: { now: () => 0 } });
    expect(() => none.signIn({ accessKeyId: '', secretAccessKey: '' })).toThrow(/Incorrect/);
  });
});
