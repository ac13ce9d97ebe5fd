/** The user pool's OAuth 2.0 / OIDC endpoints and hosted pages, routed by path. */
import { HearthError, toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { authorize, logInternal } from './authorize.js';
import type { OAuthDeps, OAuthEndpoint } from './context.js';
import { DISCOVERY_SUFFIX, discovery } from './discovery.js';
import { oauthErrorPage, oauthErrorResponse } from './errors.js';
import { idpResponse } from './idp-response.js';
import { loginPage } from './login-page.js';
import { logout } from './logout.js';
import { revoke } from './revoke.js';
import { TEST_IDP_PREFIX, testIdpPage } from './test-idp.js';
import { token } from './token.js';
import { userInfo } from './user-info.js';

export type { OAuthDeps } from './context.js';
export { discoveryDocument } from './discovery.js';
export { oauthErrorResponse } from './errors.js';

/** Endpoints answering JSON (errors as `{error, error_description}`). */
const JSON_ENDPOINTS: Record<string, OAuthEndpoint> = {
  '/oauth2/token': token,
  '/oauth2/userinfo': userInfo,
  '/oauth2/revoke': revoke,
};

/** Endpoints a browser navigates to (errors on a page, or back to the app). */
const PAGES: Record<string, OAuthEndpoint> = {
  '/oauth2/authorize': authorize,
  '/oauth2/idpresponse': idpResponse,
  '/login': loginPage,
  '/logout': logout,
  '/signup': () => oauthErrorPage(new HearthError('BadRequest', "Hearth's hosted page signs users in only; sign up from the app.")),
};

function route(req: HttpRequest, d: OAuthDeps): OAuthEndpoint | undefined {
  const path = req.path.toLowerCase();
  const issuerPath = new URL(d.auth.issuer).pathname;
  if (req.path === `${issuerPath}${DISCOVERY_SUFFIX}` || req.path === DISCOVERY_SUFFIX) return discovery;
  if (req.path.startsWith(TEST_IDP_PREFIX)) return testIdpPage;
  return PAGES[path] ?? JSON_ENDPOINTS[path];
}

export function createOAuthHandler(d: OAuthDeps): (req: HttpRequest) => Promise<HttpResponse> {
  return async (req) => {
    const endpoint = route(req, d);
    try {
      if (!endpoint) throw new HearthError('NotFound', `Nothing is served at ${req.method} ${req.path}.`);
      return await endpoint(req, d);
    } catch (e) {
      const err = toHearthError(e);
      if (err.code === 'Internal') logInternal(d, err);
      return oauthErrorResponse(err);
    }
  };
}
