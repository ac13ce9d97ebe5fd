/**
 * Keeps SRP verifiers encrypted at rest: with a verifier one can run an offline dictionary attack on
 * the password and pose as the server, so a leaked users table must not hand them out. The auth domain sees plaintext; the table holds `sealed:<AES-256-GCM box>`
 * under a KeyStore key. Rows written before this existed hold the bare hex verifier: they are read
 * as they are and re-written sealed on first read (migrate on read).
 */
import type { UserRecord, UserStore } from '../db/ports.js';
import type { SealedBox } from './sealed-box.js';

const PREFIX = 'sealed:';

/** The verifier a row reads as when its box does not open (another key): no password derives it. */
export const UNREADABLE_VERIFIER = '0';

export function createSealedUserStore(inner: UserStore, box: SealedBox): UserStore {
  const seal = (verifier: string) => `${PREFIX}${box.seal(verifier)}`;

  async function open(user: UserRecord | undefined): Promise<UserRecord | undefined> {
    if (!user) return undefined;
    if (!user.srpVerifier.startsWith(PREFIX)) {
      await inner.update(user.sub, { srpVerifier: seal(user.srpVerifier) });
      return user;
    }
    const verifier = box.open(user.srpVerifier.slice(PREFIX.length));
    // a box that does not open (another key): no verifier can match, sign-in fails like a wrong password
    return { ...user, srpVerifier: typeof verifier === 'string' ? verifier : UNREADABLE_VERIFIER };
  }

  // a record read past this wrapper (e.g. allUsers) already holds a sealed verifier: never seal twice
  const sealPatch = <T extends Partial<UserRecord>>(p: T): T =>
    p.srpVerifier && !p.srpVerifier.startsWith(PREFIX) ? { ...p, srpVerifier: seal(p.srpVerifier) } : p;

  // a Proxy keeps methods added to the port later (by other features) working unchanged
  const overrides: Partial<UserStore> = {
    create: (user, with_) => inner.create(sealPatch(user), with_),
    update: (sub, patch) => inner.update(sub, sealPatch(patch)),
    bySub: async (sub) => open(await inner.bySub(sub)),
    byUsername: async (username) => open(await inner.byUsername(username)),
    spendOnceAndRead: async (key, expiresAt, now, sub) => {
      const { fresh, user } = await inner.spendOnceAndRead(key, expiresAt, now, sub);
      return { fresh, user: await open(user) };
    },
  };
  // bound once per method, not on every call (each sign-in makes several store calls through here)
  const bound = new WeakMap<(...args: never[]) => unknown, unknown>();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop as keyof UserStore];
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!bound.has(value)) bound.set(value, value.bind(target));
      return bound.get(value);
    },
  });
}
