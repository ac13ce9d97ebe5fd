/**
 * GET/POST /oauth2/test-idp/<provider>: the sandbox's stand-in for a real identity provider, as
 * Firebase's auth emulator has one. The developer picks an identity the provider "returned" before,
 * or makes one up (email, name); the sign-in then goes on as after a real provider's answer:
 * a federated user `<provider>_<id>`, PreSignUp_ExternalProvider, attribute mapping, then a code.
 * Only served in the sandbox (`hearth sandbox`), never in production.
 */
import { createHash } from 'node:crypto';
import { AuthorizeRedirectError, type AuthorizeRequest, type FederatedIdentity, type KnownIdentity } from '../../auth/index.js';
import { HearthError, toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import { authorizeStep, logInternal } from './authorize.js';
import type { OAuthDeps } from './context.js';
import { escapeHtml as h, oauthWire } from './errors.js';
import { formParams, page, redirect } from './html.js';

export const TEST_IDP_PREFIX = '/oauth2/test-idp/';

/** A provider subject derived from the email, so making up the same person twice gives one identity. */
export function testSubject(providerName: string, email: string): string {
  const digest = createHash('sha256').update(`${providerName.toLowerCase()}:${email.toLowerCase()}`).digest('hex');
  return (BigInt(`0x${digest.slice(0, 24)}`) % 10n ** 21n).toString().padStart(21, '1');
}

function identityPicker(action: string, known: KnownIdentity[]): string {
  if (known.length === 0) return '';
  const buttons = known.map(
    (k) =>
      `<button class="identity" type="submit" name="userId" value="${h(k.userId)}">${h(k.name ?? k.email ?? k.userId)}${k.email ? ` &lt;${h(k.email)}&gt;` : ''}</button>`,
  );
  return `<form method="post" action="${action}"><p>Continue as</p>${buttons.join('')}</form><p class="muted">or add an identity</p>`;
}

function newIdentityForm(action: string, error?: string): string {
  return `<form method="post" action="${action}">
<label>Email <input name="email" type="email" required></label><label>Name <input name="name"></label>
${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}<button type="submit">Sign in</button></form>`;
}

async function render(d: OAuthDeps, r: AuthorizeRequest, action: string, error?: string): Promise<HttpResponse> {
  const name = r.provider?.name ?? '';
  const known = await d.oauth.knownIdentities(name);
  const body = `<h1>${h(name)} (test identity provider)</h1>
<p class="muted">The Hearth sandbox stands in for ${h(name)}: no request leaves this machine.</p>
${identityPicker(action, known)}${newIdentityForm(action, error)}`;
  return page(error ? 400 : 200, `${name} sign-in (test)`, body);
}

async function identityFrom(d: OAuthDeps, r: AuthorizeRequest, form: Record<string, string | undefined>): Promise<FederatedIdentity> {
  const p = r.provider as NonNullable<AuthorizeRequest['provider']>;
  if (form.userId) {
    const known = (await d.oauth.knownIdentities(p.name)).find((k) => k.userId === form.userId);
    if (!known) throw new HearthError('BadRequest', 'That identity is not known to the test provider.');
    const claims = {
      sub: known.userId,
      ...(known.email && { email: known.email, email_verified: true }),
      ...(known.name && { name: known.name }),
    };
    return { providerName: p.name, providerType: p.type, userId: known.userId, claims };
  }
  const email = (form.email ?? '').trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new HearthError('BadRequest', 'Enter an email address.');
  const userId = testSubject(p.name, email);
  const claims = { sub: userId, email, email_verified: true, ...(form.name?.trim() && { name: form.name.trim() }) };
  return { providerName: p.name, providerType: p.type, userId, claims, ...(p.issuerUrl && { issuer: p.issuerUrl }) };
}

function providerInPath(path: string): string {
  try {
    return decodeURIComponent(path.slice(TEST_IDP_PREFIX.length));
  } catch {
    throw new HearthError('BadRequest', 'The provider name in the path is not valid.');
  }
}

export function testIdpPage(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  return authorizeStep(async () => {
    if (!d.testIdp) throw new HearthError('NotFound', 'The test identity provider is served by `hearth sandbox` only.');
    const named = providerInPath(req.path);
    const params = formParams(req.query);
    const r = d.oauth.parseAuthorizeRequest({ ...params, identity_provider: named, idp_identifier: undefined });
    const action = `${TEST_IDP_PREFIX}${encodeURIComponent(named)}?${h(req.query)}`;
    if (req.method !== 'POST') return render(d, r, action);
    try {
      const outcome = await d.oauth.federatedSignIn(r, await identityFrom(d, r, formParams(req.body)));
      if ('redirect' in outcome) return redirect(outcome.redirect);
      throw new HearthError('Internal', 'A federated sign-in asked for a challenge.');
    } catch (e) {
      const err = toHearthError(e);
      if (err.code === 'Internal') logInternal(d, err);
      // a trigger's refusal goes back to the app, as Cognito sends it
      if (err.code === 'UserLambdaValidation') throw new AuthorizeRedirectError('invalid_request', err.message, r.redirectUri, r.state);
      return render(d, r, action, oauthWire(err)[0] === 500 ? 'An internal error occurred.' : err.message);
    }
  }, d);
}
