import { type HttpRequest, type HttpResponse, json } from '../util/http.js';

/**
 * CORS for browser apps on another origin (client-protocols §H): allow the headers the Amplify
 * client sends, expose the ones it reads. Only the AWS-shaped protocols get it: Hearth's own routes
 * under `/_hearth/` (console, mailbox, ops) get none, so no other page can read them (issue 11).
 */
export const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-content-sha256',
  'access-control-expose-headers': 'x-amzn-errortype, x-amzn-requestid, date',
  'access-control-max-age': '86400',
};

export const HEARTH_PREFIX = '/_hearth/';

export const isHearthRoute = (path: string) => path.startsWith(HEARTH_PREFIX) || path === '/_hearth';

/** The CORS headers a response on `path` carries: none on Hearth's own routes. */
export const corsHeadersFor = (path: string): Record<string, string> => (isHearthRoute(path) ? {} : corsHeaders);

/** Host names that reach only this machine; a DNS-rebinding page arrives with its own name instead. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '')).toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Refuses a request for a Hearth route that another page made: an `Origin` other than the server's
 * own (scheme + the request's Host), a browser's `Sec-Fetch-Site: cross-site` other than following a link, and (when the server
 * only answers loopback, the sandbox) a Host that is not a loopback name (DNS rebinding). Requests
 * without an Origin (curl, scripts, the AWS SDK in node) pass: they are not made by a web page.
 */
export function refuseForeignCaller(req: HttpRequest, o: { loopbackOnly: boolean }): HttpResponse | undefined {
  if (!isHearthRoute(req.path)) return undefined;
  const host = req.headers.host;
  if (o.loopbackOnly && !isLoopbackHost(host)) return refusal('Host', 'Hearth answers its own routes only under a loopback host name.');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`)
    return refusal('Origin', 'Hearth answers its own routes only to pages of its own origin.');
  // a script's request from another site (img, script, fetch without Origin); following a link here is fine
  if (req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] !== 'navigate')
    return refusal('Origin', 'Hearth answers its own routes only to pages of its own origin.');
  return undefined;
}

function refusal(what: string, message: string): HttpResponse {
  return json(403, { error: { code: 'AccessDenied', message: `${message} (${what} refused)` } }, { 'cache-control': 'no-store' });
}
