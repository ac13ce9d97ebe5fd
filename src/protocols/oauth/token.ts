/**
 * POST /oauth2/token (form-encoded): `authorization_code` (with the PKCE verifier), `refresh_token`,
 * and `client_credentials`, which needs a client secret: the app client Amplify creates has none, so
 * it answers `unauthorized_client` as Cognito does for a client without that grant.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
import type { TokenGrant } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../../util/http.js';
import type { OAuthDeps } from './context.js';
import { formParams } from './html.js';

/** The client id from the body or HTTP Basic; a secret is refused: Hearth's app client has none. */
export function clientIdOf(req: HttpRequest, form: Record<string, string | undefined>): string | undefined {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!basic) {
    if (form.client_secret) throw new HearthError('InvalidClient', 'The client has no secret; client authentication failed.');
    return form.client_id;
  }
  const [id, secret] = Buffer.from(basic[1] ?? '', 'base64')
    .toString('utf8')
    .split(':');
  if (secret) throw new HearthError('InvalidClient', 'The client has no secret; client authentication failed.');
  if (form.client_id && form.client_id !== id) throw new HearthError('InvalidClient', 'client_id differs from the authenticated client.');
  return id ? decodeURIComponent(id) : undefined;
}

function tokenResponse(t: TokenGrant): HttpResponse {
  const body = {
    ...(t.idToken && { id_token: t.idToken }),
    access_token: t.accessToken,
    ...(t.refreshToken && { refresh_token: t.refreshToken }),
    expires_in: t.expiresIn,
    token_type: 'Bearer',
  };
  return json(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

export async function token(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  if (req.method !== 'POST') throw new HearthError('BadRequest', 'The token endpoint takes POST.');
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new HearthError('BadRequest', 'The token endpoint takes application/x-www-form-urlencoded.');
  }
  const form = formParams(req.body);
  const clientId = clientIdOf(req, form);
  switch (form.grant_type) {
    case 'authorization_code':
      return tokenResponse(
        await d.oauth.exchangeCode({ code: form.code, clientId, redirectUri: form.redirect_uri, codeVerifier: form.code_verifier }),
      );
    case 'refresh_token':
      return tokenResponse(await d.oauth.refresh({ clientId, refreshToken: form.refresh_token }));
    case 'client_credentials':
      throw new HearthError('UnauthorizedClient', 'The client is not allowed the client_credentials grant: it has no client secret.');
    case undefined:
      throw new HearthError('BadRequest', 'The request has no grant_type.');
    default:
      throw new HearthError('UnsupportedGrantType', `grant_type ${form.grant_type} is not supported.`);
  }
}
