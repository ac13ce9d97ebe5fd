/**
 * POST /oauth2/revoke: ends the session of a refresh token (and its access tokens). An unknown token
 * is not an error (RFC 7009 §2.2); a token of another client is `unauthorized_client`.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 */
import { HearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { OAuthDeps } from './context.js';
import { formParams } from './html.js';
import { clientIdOf } from './token.js';

export async function revoke(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  if (req.method !== 'POST') throw new HearthError('BadRequest', 'The revoke endpoint takes POST.');
  const form = formParams(req.body);
  try {
    await d.oauth.revoke({ clientId: clientIdOf(req, form), token: form.token });
  } catch (e) {
    if (e instanceof HearthError && e.code === 'NotAuthorized') throw new HearthError('UnauthorizedClient', e.message);
    throw e;
  }
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: '' };
}
