/**
 * The user pool's OAuth endpoints for one wiring of the services: served when the app configures
 * `loginWith.externalProviders`. In the sandbox each provider is the built-in test identity provider;
 * in production each is a relying party of the real provider (auth/federation), built here so a
 * missing secret stops the start with an error naming amplify/auth/resource.ts.
 */
import { type AuthService, createRelyingParties } from '../auth/index.js';
import type { RateLimiter } from '../auth/rate-limits.js';
import type { KeyStore } from '../db/ports.js';
import type { AuthIR } from '../ir/types.js';
import { createOAuthHandler } from '../protocols/oauth/index.js';
import type { Clock } from '../util/clock.js';
import type { HttpRequest, HttpResponse } from '../util/http.js';

export function oauthRoute(
  auth: AuthService | undefined,
  o: { ir: AuthIR | undefined; baseUrl: string; sandbox: boolean; keys: KeyStore; clock: Clock; rateLimiter?: RateLimiter },
): ((req: HttpRequest) => Promise<HttpResponse>) | undefined {
  if (!auth?.oauth || !o.ir?.oauth) return undefined;
  const parties = o.sandbox ? undefined : createRelyingParties(o.ir.oauth.providers, { clock: o.clock, env: process.env, keys: o.keys });
  return createOAuthHandler({
    auth,
    oauth: auth.oauth,
    baseUrl: o.baseUrl,
    testIdp: o.sandbox,
    ...(o.rateLimiter && { rateLimiter: o.rateLimiter }),
    ...(parties && { relyingParty: (name: string) => parties.get(name) }),
  });
}
