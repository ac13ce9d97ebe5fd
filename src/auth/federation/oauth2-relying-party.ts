/**
 * The relying party toward a plain OAuth 2 provider (Facebook, Login with Amazon): no ID token, so
 * the user is whoever the profile endpoint says the access token belongs to. `state` (checked by the
 * OAuth endpoints) binds the redirect to the sign-in; the nonce has no place in this protocol.
 */
import { HearthError } from '../../util/errors.js';
import type { OAuth2Endpoints } from './provider-endpoints.js';
import { exchangeCode, type HttpFetch, TIMEOUT_MS } from './token-request.js';
import type { FederatedIdentity, ProviderType, RelyingParty } from './types.js';

export interface OAuth2PartyConfig {
  providerName: string;
  providerType: ProviderType;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  endpoints: OAuth2Endpoints;
  /** the profile fields to ask Facebook for (the provider claims the attribute mapping reads) */
  fields: string[];
}

export function createOAuth2RelyingParty(c: OAuth2PartyConfig, d: { fetch: HttpFetch }): RelyingParty {
  const scopes = c.scopes.length > 0 ? c.scopes : c.endpoints.defaultScopes;
  return {
    async authorizationUrl({ redirectUri, state }) {
      const url = new URL(c.endpoints.authorization);
      const params = { response_type: 'code', client_id: c.clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.href;
    },
    async complete({ code, redirectUri }) {
      const tokens = await exchangeCode({
        tokenEndpoint: c.endpoints.token,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        // both document the secret as a form field
        authMethods: ['client_secret_post'],
        code,
        redirectUri,
        fetch: d.fetch,
      });
      const profile = await fetchProfile(d.fetch, c, String(tokens.access_token));
      const subject = profile[c.endpoints.subjectClaim];
      if ((typeof subject !== 'string' && typeof subject !== 'number') || subject === '') {
        throw new HearthError('NotAuthorized', `Bad profile response: no ${c.endpoints.subjectClaim}`);
      }
      const identity: FederatedIdentity = {
        providerName: c.providerName,
        providerType: c.providerType,
        userId: String(subject),
        claims: profile,
      };
      return identity;
    },
  };
}

async function fetchProfile(fetchFn: HttpFetch, c: OAuth2PartyConfig, accessToken: string): Promise<Record<string, unknown>> {
  const url = new URL(c.endpoints.profile);
  if (c.providerType === 'Facebook') url.searchParams.set('fields', [...new Set(['id', ...c.fields])].join(','));
  let res: Response;
  try {
    res = await fetchFn(url.href, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new HearthError('NotAuthorized', 'Bad profile response: the profile endpoint could not be reached', e);
  }
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200 || !json || typeof json !== 'object')
    throw new HearthError('NotAuthorized', `Bad profile response: HTTP ${res.status}`);
  return json;
}
