/**
 * AppSync's OPENID_CONNECT mode (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#openid-connect-authorization):
 * the `Authorization` header holds a JWT of the configured issuer (no `Bearer`), verified through
 * the issuer's discovery document and keys (auth/oidc), its `aud`/`azp` matched against the
 * clientId (a regular expression in AppSync), its age against iatTTL/authTTL. The claims are then
 * read like a user pool token's, so owner and group rules of the `oidc` provider work the same way.
 */
import { createOidcVerifier, type FetchLike, OidcTokenError } from '../../auth/oidc/index.js';
import { TtlCache } from '../../auth/ttl-cache.js';
import type { AccessClaims } from '../../auth/types.js';
import type { DataIR, OidcAuthModeIR } from '../../ir/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';

export interface OidcAuth {
  issuer: string;
  /** the caller's claims; throws HearthError('NotAuthorized') with AppSync's message */
  verify(token: string): Promise<AccessClaims>;
}

const MAX_CACHED = 10_000;
// a provider that is down or misconfigured is reported at most this often
const PROVIDER_WARNING_EVERY_MS = 60_000;

export interface OidcAuthOptions {
  clock: Clock;
  fetch?: FetchLike;
  /** told when the provider's discovery document or keys cannot be had (clients only see 401s) */
  logger?: Logger;
}

/** The API's OIDC mode, when defineData configures one. */
export function oidcAuthFor(data: DataIR | undefined, o: OidcAuthOptions): OidcAuth | undefined {
  return data?.oidc && data.authModes.includes('oidc') ? createOidcAuth(data.oidc, o) : undefined;
}

export function createOidcAuth(ir: OidcAuthModeIR, o: OidcAuthOptions): OidcAuth {
  const verifier = createOidcVerifier({
    issuer: ir.issuer,
    clock: o.clock,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(ir.clientId !== undefined ? { audience: new RegExp(ir.clientId) } : {}),
    ...(ir.maxAgeFromIssueSeconds > 0 ? { maxAgeFromIssueSeconds: ir.maxAgeFromIssueSeconds } : {}),
    ...(ir.maxAgeFromAuthSeconds > 0 ? { maxAgeFromAuthSeconds: ir.maxAgeFromAuthSeconds } : {}),
  });
  // a verified token is good until its earliest limit: exp, iat + iatTTL, auth_time + authTTL
  const verified = new TtlCache<string, AccessClaims>(MAX_CACHED);
  let warnedAt = Number.NEGATIVE_INFINITY;
  const reportProvider = (e: unknown) => {
    // a token fault is the caller's business; a HearthError that is not one is the provider's
    if (!o.logger || e instanceof OidcTokenError || !(e instanceof HearthError)) return;
    if (o.clock.now() - warnedAt < PROVIDER_WARNING_EVERY_MS) return;
    warnedAt = o.clock.now();
    o.logger.warn(`OIDC provider ${ir.providerName} (${ir.issuer}): ${e.message} Requests in the oidc mode are refused until it answers.`);
  };
  return {
    issuer: ir.issuer,
    async verify(token) {
      const now = o.clock.now();
      const hit = verified.get(token, now);
      if (hit) return hit;
      let payload: Record<string, unknown>;
      try {
        payload = await verifier.verify(token);
      } catch (e) {
        reportProvider(e);
        throw wireRefusal(e);
      }
      const claims = toClaims(payload);
      verified.set(token, claims, validUntil(payload, ir) * 1000);
      return claims;
    },
  };
}

/**
 * AppSync answers 401 UnauthorizedException; an expired token says so (the Amplify realtime
 * client reconnects with fresh tokens on it), any other refusal says only "Unauthorized", as
 * AppSync does for a token of another client (aws/aws-appsync-community#115). The verifier's
 * precise reason stays in `cause`, for the logs.
 */
function wireRefusal(e: unknown): HearthError {
  if (e instanceof OidcTokenError && e.expired) return new HearthError('NotAuthorized', 'Token has expired.', e);
  return new HearthError('NotAuthorized', 'Unauthorized', e);
}

function toClaims(p: Record<string, unknown>): AccessClaims {
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const groups = p['cognito:groups'];
  const aud = Array.isArray(p.aud) ? p.aud[0] : p.aud;
  return {
    sub: str('sub') ?? '',
    // AppSync's owner rules read `username`, then `cognito:username`; an OIDC token may have neither
    username: str('username') ?? str('cognito:username') ?? '',
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    clientId: str('azp') ?? (typeof aud === 'string' ? aud : ''),
    exp: Number(p.exp),
    iat: Number(p.iat ?? 0),
    jti: str('jti') ?? '',
    raw: p,
  };
}

function validUntil(p: Record<string, unknown>, ir: OidcAuthModeIR): number {
  const limits = [Number(p.exp)];
  if (ir.maxAgeFromIssueSeconds > 0) limits.push(Number(p.iat) + ir.maxAgeFromIssueSeconds);
  if (ir.maxAgeFromAuthSeconds > 0 && typeof p.auth_time === 'number') limits.push(p.auth_time + ir.maxAgeFromAuthSeconds);
  return Math.min(...limits);
}
