/**
 * The relying party toward an OpenID Provider (an `oidc` provider, Google, Sign in with Apple):
 * discovery, the authorization request (state, nonce, PKCE when the provider lists S256), the code
 * exchange, and the ID token checked for signature, issuer, audience, nonce and expiry with the
 * shared verifier (auth/oidc). Claims from the userInfo endpoint are added when the provider has one,
 * as Cognito reads attributes from both.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html
 */
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { createOidcVerifier, type OidcVerifier, type ProviderMetadata } from '../oidc/index.js';
import { pkceChallenge, pkceVerifier } from './pkce.js';
import { exchangeCode, type HttpFetch, TIMEOUT_MS } from './token-request.js';
import type { FederatedIdentity, ProviderType, RelyingParty } from './types.js';

export interface OidcPartyConfig {
  providerName: string;
  providerType: ProviderType;
  issuer: string;
  clientId: string;
  /** a function for Apple, whose secret is a short-lived JWT */
  clientSecret?: string | (() => Promise<string>);
  scopes: string[];
  /** endpoints given in the definition instead of those discovery lists */
  endpoints?: { authorization?: string; token?: string; userInfo?: string };
  attributeRequestMethod?: 'GET' | 'POST';
  /** extra authorization parameters (Apple's `response_mode=form_post`) */
  extraParams?: Record<string, string>;
}

export interface PartyDeps {
  clock: Clock;
  fetch: HttpFetch;
  /** the shared key PKCE verifiers are derived from (pkce.ts) */
  pkceKey: () => Promise<Buffer>;
}

const badIdToken = (why: string, cause?: unknown) => new HearthError('NotAuthorized', `Bad id_token: ${why}`, cause);

function usesPkce(meta: ProviderMetadata): boolean {
  const methods = meta.raw.code_challenge_methods_supported;
  return Array.isArray(methods) && methods.includes('S256');
}

type Party = { c: OidcPartyConfig; d: PartyDeps; verifier: OidcVerifier };

export function createOidcRelyingParty(c: OidcPartyConfig, d: PartyDeps): RelyingParty {
  const p: Party = { c, d, verifier: createOidcVerifier({ issuer: c.issuer, audience: c.clientId, clock: d.clock, fetch: d.fetch }) };
  return { authorizationUrl: (o) => authorizationUrl(p, o), complete: (o) => complete(p, o) };
}

async function authorizationUrl({ c, d, verifier }: Party, o: { redirectUri: string; state: string; nonce: string }): Promise<string> {
  const meta = await verifier.metadata();
  const endpoint = c.endpoints?.authorization ?? meta.authorizationEndpoint;
  if (!endpoint) throw new HearthError('NotAuthorized', `The identity provider ${c.providerName} lists no authorization endpoint.`);
  const scope = (c.scopes.includes('openid') ? c.scopes : ['openid', ...c.scopes]).join(' ');
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: o.redirectUri,
    scope,
    state: o.state,
    nonce: o.nonce,
  };
  if (usesPkce(meta)) {
    Object.assign(params, { code_challenge: pkceChallenge(pkceVerifier(await d.pkceKey(), o.nonce)), code_challenge_method: 'S256' });
  }
  const url = new URL(endpoint);
  for (const [k, v] of Object.entries({ ...params, ...c.extraParams })) url.searchParams.set(k, v);
  return url.href;
}

async function complete({ c, d, verifier }: Party, o: { code: string; redirectUri: string; nonce: string }): Promise<FederatedIdentity> {
  const meta = await verifier.metadata();
  const tokenEndpoint = c.endpoints?.token ?? meta.tokenEndpoint;
  if (!tokenEndpoint) throw new HearthError('NotAuthorized', `The identity provider ${c.providerName} lists no token endpoint.`);
  const tokens = await exchangeCode({
    tokenEndpoint,
    clientId: c.clientId,
    clientSecret: typeof c.clientSecret === 'function' ? await c.clientSecret() : c.clientSecret,
    authMethods: stringList(meta.raw.token_endpoint_auth_methods_supported),
    code: o.code,
    redirectUri: o.redirectUri,
    ...(usesPkce(meta) ? { codeVerifier: pkceVerifier(await d.pkceKey(), o.nonce) } : {}),
    fetch: d.fetch,
  });
  if (typeof tokens.id_token !== 'string') throw badIdToken('the provider sent no id_token');
  const claims = await verifyIdToken(verifier, tokens.id_token, o.nonce);
  const userInfoEndpoint = c.endpoints?.userInfo ?? meta.userinfoEndpoint;
  const extra = userInfoEndpoint ? await userInfo(d.fetch, userInfoEndpoint, String(tokens.access_token), c.attributeRequestMethod) : {};
  if (extra.sub !== undefined && extra.sub !== claims.sub) throw badIdToken('the userInfo subject differs from the id_token subject');
  return identityOf(c, { ...extra, ...claims });
}

async function verifyIdToken(verifier: OidcVerifier, idToken: string, nonce: string): Promise<Record<string, unknown>> {
  try {
    return (await verifier.verify(idToken, { nonce })) as Record<string, unknown>;
  } catch (e) {
    throw badIdToken((e as Error).message.replace(/^The token /, '').replace(/\.$/, ''), e);
  }
}

function identityOf(c: OidcPartyConfig, claims: Record<string, unknown>): FederatedIdentity {
  if (typeof claims.sub !== 'string' || !claims.sub) throw badIdToken('no sub claim');
  return { providerName: c.providerName, providerType: c.providerType, userId: claims.sub, claims, issuer: c.issuer };
}

const stringList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** The userInfo endpoint (OIDC Core §5.3), with the access token as a Bearer header (GET) or form field (POST). */
async function userInfo(fetchFn: HttpFetch, endpoint: string, accessToken: string, method: 'GET' | 'POST' = 'GET') {
  const init: RequestInit =
    method === 'POST'
      ? { method, body: new URLSearchParams({ access_token: accessToken }), headers: { accept: 'application/json' } }
      : { method, headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } };
  let res: Response;
  try {
    res = await fetchFn(endpoint, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new HearthError('NotAuthorized', 'Bad userInfo response: the userInfo endpoint could not be reached', e);
  }
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200 || !json || typeof json !== 'object')
    throw new HearthError('NotAuthorized', `Bad userInfo response: HTTP ${res.status}`);
  return json;
}
