/**
 * `<issuer>/.well-known/openid-configuration`: where a relying party finds the endpoints and keys,
 * with the fields Cognito's document has. The issuer is `<base>/<userPoolId>`, as in the tokens.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import { type HttpResponse, json } from '../../util/http.js';
import type { OAuthDeps } from './context.js';

export const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

export function discoveryDocument(d: Pick<OAuthDeps, 'auth' | 'baseUrl'>): Record<string, unknown> {
  const base = d.baseUrl.replace(/\/+$/, '');
  return {
    authorization_endpoint: `${base}/oauth2/authorize`,
    end_session_endpoint: `${base}/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer: d.auth.issuer,
    jwks_uri: `${d.auth.issuer}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    revocation_endpoint: `${base}/oauth2/revoke`,
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${base}/oauth2/userInfo`,
    code_challenge_methods_supported: ['S256', 'plain'],
  };
}

export function discovery(_req: unknown, d: OAuthDeps): HttpResponse {
  return json(200, discoveryDocument(d), { 'cache-control': 'max-age=300' });
}
