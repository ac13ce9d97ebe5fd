/**
 * GET /logout?client_id=…&logout_uri=…: back to the app's sign-out URL. Hearth's hosted pages keep no
 * session cookie (each sign-in asks again), so there is nothing else to end here; the app's tokens are
 * ended by RevokeToken / GlobalSignOut, which Amplify's signOut calls first.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { authorizeStep } from './authorize.js';
import type { OAuthDeps } from './context.js';
import { formParams, redirect } from './html.js';

export function logout(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  return authorizeStep(() => {
    const q = formParams(req.query);
    // the other form, redirect_uri + response_type, signs in again: it is an authorize request
    if (!q.logout_uri && q.redirect_uri) {
      d.oauth.parseAuthorizeRequest(q);
      return redirect(`/login?${req.query}`);
    }
    return redirect(d.oauth.checkLogout({ clientId: q.client_id, logoutUri: q.logout_uri }));
  }, d);
}
