/**
 * TokenVerifier for access tokens, used on every GraphQL request, so it caches.
 *
 * Two caches, because the two halves of a check age differently:
 * - the signature/claims check is pure: cached per token string until the token's `exp`;
 * - revocation state (the user's `tokensValidAfter` and whether the token's `origin_jti` was
 *   revoked) is read from the database and cached for REVOCATION_TTL_MS only.
 * A GlobalSignOut or RevokeToken served by this instance clears the revocation cache at once
 * (`forgetRevocationState`); on other instances it takes effect within REVOCATION_TTL_MS.
 */

import type { UserStore } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { checkJwt, type TokenMinterDeps } from './tokens.js';
import { TtlCache } from './ttl-cache.js';
import type { AccessClaims, TokenVerifier } from './types.js';

export const REVOCATION_TTL_MS = 5000;
const MAX_CACHED = 10_000;

export interface AccessTokenVerifier extends TokenVerifier {
  forgetRevocationState(): void;
}

export type AccessTokenVerifierDeps = Pick<TokenMinterDeps, 'key' | 'issuer' | 'clock'> & {
  users: Pick<UserStore, 'bySub' | 'isOriginRevoked'>;
  /** the pool's app client: a token minted for another client is refused */
  clientId?: string;
};

function toClaims(p: Record<string, unknown>): AccessClaims {
  const groups = p['cognito:groups'];
  return {
    sub: p.sub as string,
    username: typeof p.username === 'string' ? p.username : (p.sub as string),
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    clientId: typeof p.client_id === 'string' ? p.client_id : '',
    exp: Number(p.exp),
    iat: Number(p.iat),
    jti: typeof p.jti === 'string' ? p.jti : '',
    ...(typeof p.origin_jti === 'string' ? { originJti: p.origin_jti } : {}),
    raw: p,
  };
}

const refuse = (message: string) => new HearthError('NotAuthorized', message);

export function createAccessTokenVerifier(d: AccessTokenVerifierDeps): AccessTokenVerifier {
  const verified = new TtlCache<string, AccessClaims>(MAX_CACHED);
  const userState = new TtlCache<string, { validAfter: number; active: boolean }>(MAX_CACHED);
  const originRevoked = new TtlCache<string, boolean>(MAX_CACHED);

  async function signatureAndClaims(token: string): Promise<AccessClaims> {
    const check = await checkJwt(d, token, 'access');
    if (!check.ok) throw refuse(check.expired ? 'Access Token has expired' : 'Invalid Access Token');
    const claims = toClaims(check.payload);
    if (d.clientId !== undefined && claims.clientId !== d.clientId) throw refuse('Invalid Access Token');
    verified.set(token, claims, claims.exp * 1000);
    return claims;
  }

  async function loadState(sub: string, now: number) {
    const user = await d.users.bySub(sub);
    const s = { validAfter: user?.tokensValidAfter ?? Number.POSITIVE_INFINITY, active: !!user?.enabled };
    userState.set(sub, s, now + REVOCATION_TTL_MS);
    return s;
  }

  async function loadRevoked(originJti: string, now: number): Promise<boolean> {
    const r = await d.users.isOriginRevoked(originJti);
    originRevoked.set(originJti, r, now + REVOCATION_TTL_MS);
    return r;
  }

  return {
    async verifyAccessToken(token) {
      const now = d.clock.now();
      // cache hits are read without awaiting: this runs on every GraphQL request
      const claims = verified.get(token, now) ?? (await signatureAndClaims(token));
      // the cached entry lives until exp, but the clock may be a fake that jumped
      if (claims.exp * 1000 <= now) throw refuse('Access Token has expired');
      const state = userState.get(claims.sub, now) ?? (await loadState(claims.sub, now));
      // a deleted user has validAfter = +Infinity: their tokens read as revoked
      if (claims.iat < state.validAfter) throw refuse('Access Token has been revoked');
      if (!state.active) throw refuse('User is disabled.');
      if (claims.originJti && (originRevoked.get(claims.originJti, now) ?? (await loadRevoked(claims.originJti, now)))) {
        throw refuse('Access Token has been revoked');
      }
      return claims;
    },
    forgetRevocationState() {
      userState.clear();
      originRevoked.clear();
    },
  };
}
