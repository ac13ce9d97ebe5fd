/**
 * GET /oauth2/authorize: checks the request, then sends the browser to where the user authenticates:
 * the hosted sign-in page, the sandbox's test page for the chosen provider, or (production) the
 * provider itself. The request's query travels along, so every page checks it again and no state is kept.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 */
import { AuthorizeRedirectError, withQuery } from '../../auth/index.js';
import { HearthError, toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { OAuthDeps } from './context.js';
import { oauthErrorPage } from './errors.js';
import { formParams, redirect } from './html.js';

/** Runs `fn`; a refusal goes back to the app (`?error=…&state=…`) or, before the redirect URI is trusted, onto a page. */
export async function authorizeStep(fn: () => Promise<HttpResponse> | HttpResponse, d: Pick<OAuthDeps, 'auth'>): Promise<HttpResponse> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AuthorizeRedirectError) {
      return redirect(withQuery(e.redirectUri, { error: e.error, error_description: e.description, state: e.state }));
    }
    const err = toHearthError(e);
    if (err.code === 'Internal') logInternal(d, err);
    return oauthErrorPage(err);
  }
}

/** Where identity providers send the browser back (the redirect URI registered with them). */
export const idpResponseUrl = (d: Pick<OAuthDeps, 'baseUrl'>) => `${d.baseUrl.replace(/\/+$/, '')}/oauth2/idpresponse`;

export function logInternal(d: Pick<OAuthDeps, 'auth'>, err: HearthError): void {
  d.auth.logger.error(`oauth: ${String((err.cause as Error)?.stack ?? err.cause ?? err.message)}`);
}

export function authorize(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  return authorizeStep(async () => {
    if (req.method !== 'GET') throw new HearthError('BadRequest', 'The authorize endpoint takes GET.');
    const params = formParams(req.query);
    const request = d.oauth.parseAuthorizeRequest(params);
    // Hearth keeps no hosted-page session, so a silent sign-in (prompt=none) has none to resume
    if (params.prompt === 'none') {
      throw new AuthorizeRedirectError('login_required', 'There is no signed-in session to resume.', request.redirectUri, request.state);
    }
    if (!request.provider) return redirect(`/login?${req.query}`);
    if (d.testIdp) return redirect(`/oauth2/test-idp/${encodeURIComponent(request.provider.name)}?${req.query}`);
    const rp = d.relyingParty?.(request.provider.name);
    if (!rp) {
      const why = `Sign-in through ${request.provider.name} is not available on this server.`;
      throw new AuthorizeRedirectError('invalid_request', why, request.redirectUri, request.state);
    }
    // the provider answers at /oauth2/idpresponse with our state, which carries the app's request
    const { state, nonce } = d.oauth.beginFederation(req.query);
    return redirect(await rp.authorizationUrl({ redirectUri: idpResponseUrl(d), state, nonce }));
  }, d);
}
