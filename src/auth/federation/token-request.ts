/**
 * The code exchange at a provider's token endpoint (RFC 6749 §4.1.3), authenticating as the provider
 * allows: HTTP Basic (client_secret_basic, the default of OpenID Connect Core §9) unless the provider
 * lists only client_secret_post. A refusal becomes Cognito's "Bad token response" error.
 */
import { HearthError } from '../../util/errors.js';

export interface TokenRequest {
  tokenEndpoint: string;
  clientId: string;
  clientSecret?: string;
  /** `token_endpoint_auth_methods_supported` from discovery, when known */
  authMethods?: string[];
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  fetch: HttpFetch;
}

/** `fetch` as the global one: injected so tests may watch what is sent */
export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;

export const TIMEOUT_MS = 10_000;
const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');

export function badTokenResponse(detail: string, cause?: unknown): HearthError {
  return new HearthError('NotAuthorized', `Bad token response: ${detail}`, cause);
}

export async function exchangeCode(r: TokenRequest): Promise<Record<string, unknown>> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: r.code, redirect_uri: r.redirectUri });
  if (r.codeVerifier) body.set('code_verifier', r.codeVerifier);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const basic = r.clientSecret !== undefined && (!r.authMethods || r.authMethods.includes('client_secret_basic'));
  if (basic) headers.authorization = `Basic ${Buffer.from(`${form(r.clientId)}:${form(r.clientSecret ?? '')}`).toString('base64')}`;
  else {
    body.set('client_id', r.clientId);
    if (r.clientSecret !== undefined) body.set('client_secret', r.clientSecret);
  }
  let res: Response;
  try {
    res = await r.fetch(r.tokenEndpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw badTokenResponse('the token endpoint could not be reached', e);
  }
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200 || !json || typeof json.access_token !== 'string') {
    const why = typeof json?.error === 'string' ? json.error : 'no access token';
    throw badTokenResponse(`HTTP ${res.status} (${why})`);
  }
  return json;
}
