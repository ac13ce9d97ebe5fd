/**
 * GET (or, for Sign in with Apple's form_post, POST) /oauth2/idpresponse: an identity provider's
 * answer in production. The state names the app's request; the provider's code is exchanged and its
 * ID token checked by the relying party (auth/federation); the user is signed in and the browser goes
 * back to the app with Hearth's own code. A refusal goes back to the app as Cognito sends it:
 * `error=invalid_request` with a description, and the app's state.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html
 */
import { AuthorizeRedirectError } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { authorizeStep, idpResponseUrl } from './authorize.js';
import type { OAuthDeps } from './context.js';
import { formParams, redirect } from './html.js';

export function idpResponse(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  return authorizeStep(async () => {
    const p = formParams(req.method === 'POST' ? req.body : req.query);
    if (!p.state) throw new HearthError('BadRequest', 'The identity provider sent no state.');
    const { request, nonce } = await d.oauth.finishFederation(p.state);
    const back = (why: string) => new AuthorizeRedirectError('invalid_request', why, request.redirectUri, request.state);
    const rp = request.provider && d.relyingParty?.(request.provider.name);
    if (!rp) throw back('The identity provider of this sign-in is not configured any more.');
    if (p.error) throw back(`${request.provider?.name} refused the sign-in: ${p.error_description ?? p.error}`);
    if (!p.code) throw back('The identity provider sent no code.');
    let identity: Awaited<ReturnType<typeof rp.complete>>;
    try {
      identity = await rp.complete({ code: p.code, redirectUri: idpResponseUrl(d), nonce });
    } catch (e) {
      // the provider's refusal (bad token, wrong audience, other nonce) is the app's to show
      if (e instanceof HearthError && e.code !== 'Internal') throw back(e.message);
      throw e;
    }
    try {
      const outcome = await d.oauth.federatedSignIn(request, identity);
      if ('redirect' in outcome) return redirect(outcome.redirect);
      throw new HearthError('Internal', 'A federated sign-in asked for a challenge.');
    } catch (e) {
      if (e instanceof HearthError && (e.code === 'UserLambdaValidation' || e.code === 'NotAuthorized')) throw back(e.message);
      throw e;
    }
  }, d);
}
