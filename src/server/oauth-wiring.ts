/**
 * The user pool's OAuth endpoints for one wiring of the services: served when the app configures
 * `loginWith.externalProviders`. In the sandbox each provider is the built-in test identity provider.
 */
import type { AuthService } from '../auth/index.js';
import { createOAuthHandler } from '../protocols/oauth/index.js';
import type { HttpRequest, HttpResponse } from '../util/http.js';

export function oauthRoute(
  auth: AuthService | undefined,
  o: { baseUrl: string; sandbox: boolean },
): ((req: HttpRequest) => Promise<HttpResponse>) | undefined {
  if (!auth?.oauth) return undefined;
  return createOAuthHandler({ auth, oauth: auth.oauth, baseUrl: o.baseUrl, testIdp: o.sandbox });
}
