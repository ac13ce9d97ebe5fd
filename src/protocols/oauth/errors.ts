/**
 * The one place HearthError codes become OAuth errors: RFC 6749 §5.2's `{error, error_description}`
 * as Cognito's token, userInfo and revoke endpoints send them, and the plain error page for what
 * cannot go back to the app (an unknown client or redirect URI: Cognito's `redirect_mismatch`).
 * Internal errors become `server_error` with no detail; the cause goes to the log only.
 */
import type { ErrorCode, HearthError } from '../../util/errors.js';
import { type HttpResponse, json } from '../../util/http.js';
import { page } from './html.js';

const WIRE: Partial<Record<ErrorCode, [status: number, error: string]>> = {
  BadRequest: [400, 'invalid_request'],
  InvalidParameter: [400, 'invalid_request'],
  PayloadTooLarge: [400, 'invalid_request'],
  InvalidGrant: [400, 'invalid_grant'],
  InvalidClient: [400, 'invalid_client'],
  UnauthorizedClient: [400, 'unauthorized_client'],
  UnsupportedGrantType: [400, 'unsupported_grant_type'],
  UnsupportedResponseType: [400, 'unsupported_response_type'],
  InvalidScope: [400, 'invalid_scope'],
  RedirectMismatch: [400, 'redirect_mismatch'],
  NotAuthorized: [401, 'invalid_token'],
  TooManyRequests: [429, 'too_many_requests'],
  NotFound: [404, 'not_found'],
};

/** `[status, error]` of a HearthError on the OAuth endpoints. */
export function oauthWire(e: HearthError): [number, string] {
  return WIRE[e.code] ?? [500, 'server_error'];
}

export function oauthErrorResponse(e: HearthError): HttpResponse {
  const [status, error] = oauthWire(e);
  const description = status === 500 ? 'An internal error occurred. See the Hearth server log.' : e.message;
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  // RFC 6750 §3: a refused bearer token says why in WWW-Authenticate
  if (error === 'invalid_token')
    headers['www-authenticate'] = `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
  return json(status, { error, error_description: description }, headers);
}

/** The page Cognito shows instead of redirecting (e.g. `redirect_mismatch`). */
export function oauthErrorPage(e: HearthError): HttpResponse {
  const [status, error] = oauthWire(e);
  const description = status === 500 ? 'An internal error occurred. See the Hearth server log.' : e.message;
  return page(
    status === 500 ? 500 : 400,
    'Sign-in error',
    `<h1>An error was encountered with the requested page.</h1>
<p class="error" data-error="${error}"><code>${error}</code>: ${escapeHtml(description)}</p>`,
  );
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
