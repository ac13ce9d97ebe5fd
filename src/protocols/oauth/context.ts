import type { AuthService, OAuthService, RelyingParty } from '../../auth/index.js';
import type { RateLimiter } from '../../auth/rate-limits.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';

/** What the OAuth endpoints are built from. */
export interface OAuthDeps {
  auth: Pick<AuthService, 'issuer' | 'logger' | 'jwks'>;
  oauth: OAuthService;
  /** the public base URL (`http://127.0.0.1:4000`): where the endpoints in discovery point */
  baseUrl: string;
  /** the sandbox: every configured provider is served by the test identity provider page */
  testIdp: boolean;
  /** production federation (auth/federation relying parties), by provider name; absent in the sandbox */
  relyingParty?: (providerName: string) => RelyingParty | undefined;
  /** the Cognito API's limits: a hosted sign-in counts as an InitiateAuth (per address and per username) */
  rateLimiter?: RateLimiter;
}

export type OAuthEndpoint = (req: HttpRequest, d: OAuthDeps) => Promise<HttpResponse> | HttpResponse;
