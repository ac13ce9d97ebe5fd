/**
 * GET/POST /login: the hosted sign-in page for email and password users, with a link per configured
 * identity provider. The password is posted to this same origin (no SRP: the page is Hearth's own),
 * checked by the auth service's USER_PASSWORD_AUTH sign-in (lockout, userMigration and
 * preAuthentication triggers), and an MFA challenge (TOTP or an emailed code) is answered on a second form.
 */
import type { AuthChallenge, AuthorizeRequest } from '../../auth/index.js';
import { toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { clientAddress } from '../cognito/rate-limit-request.js';
import { authorizeStep, logInternal } from './authorize.js';
import type { OAuthDeps } from './context.js';
import { escapeHtml as h, oauthWire } from './errors.js';
import { formParams, page, redirect } from './html.js';

function providerLinks(query: string, names: string[]): string {
  if (names.length === 0) return '';
  const links = names.map((name) => {
    const q = new URLSearchParams(query);
    q.delete('idp_identifier');
    q.set('identity_provider', name);
    return `<a class="provider" href="/oauth2/authorize?${h(q.toString())}">Continue with ${h(name)}</a>`;
  });
  return `${links.join('')}<p class="muted">or sign in with your email</p>`;
}

function passwordForm(query: string, o: { username?: string; error?: string }): string {
  return `<form method="post" action="/login?${h(query)}">
<label>Email <input name="username" type="email" autocomplete="username" required value="${h(o.username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
${o.error ? `<p class="error" role="alert">${h(o.error)}</p>` : ''}<button type="submit">Sign in</button></form>`;
}

function challengeForm(query: string, c: AuthChallenge, error?: string): string {
  const what = c.challengeName === 'EMAIL_OTP' ? 'the code we emailed you' : 'the code from your authenticator app';
  return `<form method="post" action="/login?${h(query)}">
<input type="hidden" name="session" value="${h(c.session)}"><input type="hidden" name="challengeName" value="${h(c.challengeName)}">
<label>Enter ${what} <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}<button type="submit">Verify</button></form>`;
}

const signInPage = (status: number, body: string) => page(status, 'Sign in', `<h1>Sign in</h1>${body}`);

async function submit(req: HttpRequest, d: OAuthDeps, r: AuthorizeRequest): Promise<HttpResponse> {
  const form = formParams(req.body);
  try {
    // the same per-address and per-username limits as InitiateAuth on the Cognito API
    if (d.rateLimiter && !form.session)
      d.rateLimiter.check('InitiateAuth', { ip: clientAddress(req, d.rateLimiter.trustProxy), username: form.username });
    const outcome = form.session
      ? await d.oauth.answerChallenge(r, { challengeName: form.challengeName ?? '', session: form.session, code: form.code ?? '' })
      : await d.oauth.passwordSignIn(r, { username: form.username ?? '', password: form.password ?? '' });
    if ('redirect' in outcome) return redirect(outcome.redirect);
    return signInPage(200, challengeForm(req.query, outcome.challenge));
  } catch (e) {
    const err = toHearthError(e);
    if (err.code === 'Internal') logInternal(d, err);
    const message = oauthWire(err)[0] === 500 ? 'An internal error occurred.' : err.message;
    // a wrong MFA code may be tried again on the same challenge until it expires
    if (form.session && err.code === 'CodeMismatch') {
      return signInPage(
        400,
        challengeForm(
          req.query,
          { challengeName: form.challengeName as AuthChallenge['challengeName'], session: form.session, parameters: {} },
          message,
        ),
      );
    }
    const status = err.code === 'TooManyRequests' ? 429 : 400;
    return signInPage(status, passwordForm(req.query, { username: form.username, error: message }));
  }
}

export function loginPage(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  return authorizeStep(async () => {
    const params = formParams(req.query);
    const r = d.oauth.parseAuthorizeRequest(params);
    if (req.method === 'POST') return submit(req, d, r);
    const names = d.oauth.providerNames();
    // signInWithRedirect's options.loginHint arrives as login_hint
    return signInPage(200, providerLinks(req.query, names) + passwordForm(req.query, { username: params.login_hint }));
  }, d);
}
