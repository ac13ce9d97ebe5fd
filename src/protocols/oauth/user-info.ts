/**
 * GET or POST /oauth2/userInfo with `Authorization: Bearer <access token>`: the user's attributes,
 * for a token granted `openid`. https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 */
import { HearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../../util/http.js';
import type { OAuthDeps } from './context.js';

export async function userInfo(req: HttpRequest, d: OAuthDeps): Promise<HttpResponse> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!bearer?.[1]) throw new HearthError('NotAuthorized', 'The request has no bearer access token.');
  return json(200, await d.oauth.userInfo(bearer[1]), { 'cache-control': 'no-store' });
}
