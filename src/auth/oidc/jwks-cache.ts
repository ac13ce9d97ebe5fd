/**
 * The provider's signing keys, fetched from its `jwks_uri` and kept. A token signed with a key we
 * do not hold (a `kid` we have not seen: the provider rotated its keys) triggers one refetch, at most
 * once per `cooldownMs`, so a stream of forged `kid`s cannot turn us into a load generator against
 * the provider. Keys are also refetched once they are `maxAgeMs` old; if that refetch fails, the
 * keys we hold keep serving (a provider's short outage must not refuse every token it signed).
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { type FetchLike, fetchJson } from './discovery.js';

export interface JwksCacheOptions {
  jwksUri: string;
  fetch: FetchLike;
  clock: Clock;
  /** least time between two fetches caused by unknown keys (default 30 s) */
  cooldownMs?: number;
  /** keys older than this are refetched before use (default 1 hour) */
  maxAgeMs?: number;
}

export interface JwksCache {
  /** the key set to verify with; fetched on first use or when stale */
  current(): Promise<JWTVerifyGetKey>;
  /** refetches if the cooldown allows; true when a new set was fetched */
  refreshForUnknownKey(): Promise<boolean>;
}

export function createJwksCache(o: JwksCacheOptions): JwksCache {
  const cooldownMs = o.cooldownMs ?? 30_000;
  const maxAgeMs = o.maxAgeMs ?? 3_600_000;
  let keys: { set: JWTVerifyGetKey; fetchedAt: number } | undefined;
  let inFlight: Promise<JWTVerifyGetKey> | undefined;

  function fetchKeys(): Promise<JWTVerifyGetKey> {
    inFlight ??= (async () => {
      try {
        const body = await fetchJson(o.fetch, o.jwksUri, 'JWKS');
        if (!Array.isArray(body.keys)) throw new HearthError('NotAuthorized', "The OIDC provider's JWKS has no keys.");
        const set = createLocalJWKSet(body as unknown as JSONWebKeySet);
        keys = { set, fetchedAt: o.clock.now() };
        return set;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    async current() {
      if (keys && o.clock.now() - keys.fetchedAt < maxAgeMs) return keys.set;
      const held = keys;
      try {
        return await fetchKeys();
      } catch (e) {
        if (!held) throw e;
        // try again after a cooldown, not on every request (a hanging provider costs a timeout each)
        keys = { set: held.set, fetchedAt: o.clock.now() - maxAgeMs + cooldownMs };
        return held.set;
      }
    },
    async refreshForUnknownKey() {
      if (keys && o.clock.now() - keys.fetchedAt < cooldownMs) return false;
      await fetchKeys();
      return true;
    },
  };
}
