/**
 * The OAuth side of the user pool, as the protocol sees it: authorize requests, the hosted sign-ins,
 * the token endpoint's grants, userInfo, revocation and the logout URI check.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
import type { OAuthCodeStore } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';
import { identitiesOf } from '../federation/identities.js';
import type { FederatedIdentity } from '../federation/types.js';
import type { AuthResult } from '../service-types.js';
import { refreshSession } from '../sessions.js';
import { revokeToken } from '../sign-out.js';
import { redeemCode } from './authorization-codes.js';
import { type AuthorizeRequest, parseAuthorizeRequest } from './authorize-request.js';
import { sealFederationState, takeFederationState } from './federation-state.js';
import { hostedChallengeAnswer, hostedFederatedSignIn, hostedPasswordSignIn } from './hosted-sign-in.js';

export type { AuthorizeRequest } from './authorize-request.js';
export { AuthorizeRedirectError, withQuery } from './authorize-request.js';
export type { HostedOutcome } from './hosted-sign-in.js';

/** What the token endpoint answers; `idToken` only when `openid` was granted, as Cognito does. */
export interface TokenGrant extends Omit<AuthResult, 'idToken'> {
  idToken?: string;
}

/** A provider identity the sandbox's test page has seen, to pick again. */
export interface KnownIdentity {
  userId: string;
  email?: string;
  name?: string;
}

function checkClient(c: AuthContext, clientId: string | undefined): string {
  if (!clientId || clientId !== c.ir.userPoolClientId || !c.ir.oauth) throw new HearthError('InvalidClient', 'invalid_client');
  return clientId;
}

const withoutId = (t: AuthResult, scopes: string[]): TokenGrant => {
  const { idToken, ...rest } = t;
  return scopes.includes('openid') ? t : rest;
};

export function createOAuthService(c: AuthContext, codes: OAuthCodeStore) {
  const d = { ...c, codes };
  return {
    parseAuthorizeRequest: (params: Record<string, string | undefined>) => parseAuthorizeRequest(c.ir, params),
    /** the configured identity providers' names, as `identity_provider=` takes them */
    providerNames: () => (c.ir.oauth?.providers ?? []).map((p) => p.name),
    passwordSignIn: (r: AuthorizeRequest, i: { username: string; password: string }) => hostedPasswordSignIn(d, r, i),
    answerChallenge: (r: AuthorizeRequest, i: { challengeName: string; session: string; code: string }) => hostedChallengeAnswer(d, r, i),
    federatedSignIn: (r: AuthorizeRequest, identity: FederatedIdentity) => hostedFederatedSignIn(d, r, identity),
    /** production federation: the state and nonce for the provider, carrying the app's authorize query */
    beginFederation: (authorizeQuery: string) => sealFederationState(c, authorizeQuery),
    /** the provider's answer: the app's request again (checked anew) and the nonce its ID token must carry */
    async finishFederation(state: string): Promise<{ request: AuthorizeRequest; nonce: string }> {
      const { query, nonce } = await takeFederationState(c, state);
      const params = Object.fromEntries(new URLSearchParams(query));
      return { request: parseAuthorizeRequest(c.ir, params), nonce };
    },

    async exchangeCode(i: { code?: string; clientId?: string; redirectUri?: string; codeVerifier?: string }): Promise<TokenGrant> {
      const clientId = checkClient(c, i.clientId);
      if (!i.code) throw new HearthError('BadRequest', 'The request has no code.');
      const { tokens, scopes } = await redeemCode(d, { code: i.code, clientId, redirectUri: i.redirectUri, codeVerifier: i.codeVerifier });
      return withoutId(tokens, scopes);
    },

    /** grant_type=refresh_token: new access and ID tokens, the same refresh token (no rotation, Cognito's default). */
    async refresh(i: { clientId?: string; refreshToken?: string }): Promise<TokenGrant> {
      const clientId = checkClient(c, i.clientId);
      if (!i.refreshToken) throw new HearthError('BadRequest', 'The request has no refresh_token.');
      try {
        return await refreshSession(c, { clientId, refreshToken: i.refreshToken });
      } catch (e) {
        if (e instanceof HearthError && e.code === 'NotAuthorized') throw new HearthError('InvalidGrant', e.message);
        throw e;
      }
    },

    async revoke(i: { clientId?: string; token?: string }): Promise<void> {
      const clientId = checkClient(c, i.clientId);
      if (!i.token) throw new HearthError('BadRequest', 'The request has no token.');
      await revokeToken(c, { clientId, token: i.token });
    },

    /** The signed-in user's attributes, for an access token granted `openid`. */
    async userInfo(accessToken: string): Promise<Record<string, string>> {
      const claims = await c.verifier.verifyAccessToken(accessToken);
      if (
        !String(claims.raw.scope ?? '')
          .split(' ')
          .includes('openid')
      ) {
        throw new HearthError('NotAuthorized', 'The access token was not granted the openid scope.');
      }
      const user = await c.users.bySub(claims.sub);
      if (!user) throw new HearthError('NotAuthorized', 'The user no longer exists.');
      return { ...user.attributes, sub: user.sub, username: claims.username };
    },

    /** `/logout`: the client and its logout URI (one of externalProviders.logoutUrls). */
    checkLogout(i: { clientId?: string; logoutUri?: string }): string {
      checkClient(c, i.clientId);
      if (!i.logoutUri || !c.ir.oauth?.logoutUrls.includes(i.logoutUri)) {
        throw new HearthError(
          'RedirectMismatch',
          "The logout_uri is not one of the app client's sign-out URLs (externalProviders.logoutUrls).",
        );
      }
      return i.logoutUri;
    },

    /** Identities of `providerName` that signed in before, newest first (the sandbox's test page lists them). */
    async knownIdentities(providerName: string): Promise<KnownIdentity[]> {
      const out: KnownIdentity[] = [];
      for (const u of (await c.users.allUsers()).reverse()) {
        const entry = identitiesOf(u.attributes).find((e) => e.providerName.toLowerCase() === providerName.toLowerCase());
        if (entry)
          out.push({
            userId: entry.userId,
            ...(u.attributes.email && { email: u.attributes.email }),
            ...(u.attributes.name && { name: u.attributes.name }),
          });
      }
      return out;
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
