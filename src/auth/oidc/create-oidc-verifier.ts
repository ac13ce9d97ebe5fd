/**
 * Verifies JWTs issued by one OpenID Provider: discovery on first use, the provider's keys cached
 * (jwks-cache.ts), signature with only the asymmetric algorithms the provider lists, `iss`, `exp`/`nbf`
 * at the injected clock, the audience, the nonce when the caller gives one, and optional maximum
 * ages counted from `iat` and `auth_time` (AppSync's iatTTL/authTTL). Shared by AppSync's OIDC mode
 * and the federation relying party. Every refusal is a HearthError `NotAuthorized`; `expired` tells
 * an expired token apart, because AppSync words that case differently.
 */
import { errors, type JWTPayload, jwtVerify } from 'jose';
import { type Clock, epochSeconds } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { discoverProvider, type FetchLike, type ProviderMetadata } from './discovery.js';
import { createJwksCache, type JwksCache } from './jwks-cache.js';

export interface OidcVerifierOptions {
  issuer: string;
  /** the client id(s) a token must be for (`aud`, or `azp`); a RegExp must match one whole value */
  audience?: string | string[] | RegExp;
  clock: Clock;
  fetch?: FetchLike;
  /** refuse tokens issued (`iat`) longer ago than this */
  maxAgeFromIssueSeconds?: number;
  /** refuse tokens whose `auth_time` is longer ago than this (a token without `auth_time` is not checked) */
  maxAgeFromAuthSeconds?: number;
  /** least time between key refetches caused by an unknown `kid` (default 30 s) */
  jwksCooldownMs?: number;
  /** keys older than this are refetched (default 1 hour) */
  jwksMaxAgeMs?: number;
}

export interface OidcVerifier {
  verify(token: string, o?: { nonce?: string }): Promise<JWTPayload>;
  /** the provider's discovery document (fetched once) */
  metadata(): Promise<ProviderMetadata>;
}

/** A refused token. `expired` is set when the only fault is the token's age. */
export class OidcTokenError extends HearthError {
  constructor(
    message: string,
    readonly expired = false,
    cause?: unknown,
  ) {
    super('NotAuthorized', message, cause);
  }
}

export function createOidcVerifier(o: OidcVerifierOptions): OidcVerifier {
  const fetchFn = o.fetch ?? ((url, init) => fetch(url, init));
  let provider: Promise<{ meta: ProviderMetadata; keys: JwksCache }> | undefined;

  function load() {
    provider ??= discoverProvider(o.issuer, fetchFn).then(
      (meta) => ({
        meta,
        keys: createJwksCache({
          jwksUri: meta.jwksUri,
          fetch: fetchFn,
          clock: o.clock,
          cooldownMs: o.jwksCooldownMs,
          maxAgeMs: o.jwksMaxAgeMs,
        }),
      }),
      (e) => {
        provider = undefined; // a provider that was down is asked again next time
        throw e;
      },
    );
    return provider;
  }

  async function verifySignature(token: string): Promise<JWTPayload> {
    const { meta, keys } = await load();
    const verifyWith = async () =>
      (
        await jwtVerify(token, await keys.current(), {
          issuer: o.issuer,
          algorithms: meta.algorithms,
          requiredClaims: ['exp'],
          currentDate: new Date(o.clock.now()),
        })
      ).payload;
    try {
      return await verifyWith();
    } catch (e) {
      if (e instanceof errors.JWKSNoMatchingKey && (await keys.refreshForUnknownKey())) return verifyWith();
      throw e;
    }
  }

  return {
    metadata: async () => (await load()).meta,
    async verify(token, v = {}) {
      let payload: JWTPayload;
      try {
        payload = await verifySignature(token);
      } catch (e) {
        throw refusal(e);
      }
      checkAudience(payload, o.audience);
      if (v.nonce !== undefined && payload.nonce !== v.nonce) throw new OidcTokenError('The token nonce does not match.');
      checkAges(payload, o);
      return payload;
    },
  };
}

function refusal(e: unknown): HearthError {
  if (e instanceof HearthError) return e;
  if (e instanceof errors.JWTExpired) return new OidcTokenError('The token has expired.', true, e);
  if (e instanceof errors.JWTClaimValidationFailed) return new OidcTokenError(`The token ${e.claim} claim is not valid.`, false, e);
  return new OidcTokenError('The token is not valid.', false, e);
}

function checkAudience(p: JWTPayload, audience: OidcVerifierOptions['audience']): void {
  if (audience === undefined) return;
  const held = [...(Array.isArray(p.aud) ? p.aud : p.aud === undefined ? [] : [p.aud])];
  if (typeof p.azp === 'string') held.push(p.azp);
  const ok =
    audience instanceof RegExp
      ? held.some((a) => new RegExp(`^(?:${audience.source})$`, audience.flags).test(a))
      : held.some((a) => (Array.isArray(audience) ? audience.includes(a) : a === audience));
  if (!ok) throw new OidcTokenError('The token is not for this client.');
}

function checkAges(p: JWTPayload, o: OidcVerifierOptions): void {
  const now = epochSeconds(o.clock);
  const tooOld = (at: unknown, max: number | undefined) => max !== undefined && (typeof at !== 'number' || now > at + max);
  // providers put auth_time in ID tokens only when asked (max_age, or the client's require_auth_time)
  const authTooOld = p.auth_time !== undefined && tooOld(p.auth_time, o.maxAgeFromAuthSeconds);
  if (tooOld(p.iat, o.maxAgeFromIssueSeconds) || authTooOld) {
    throw new OidcTokenError('The token has expired.', true);
  }
}
