/**
 * Who a limited request counts against: the client address and the username it names. Read from
 * the raw request before dispatch, so a request refused here costs no password hashing or mail.
 */
import { isRateLimited, type RateLimiter } from '../../auth/rate-limits.js';
import { type HttpRequest, parseJsonObject } from '../../util/http.js';

/** The socket address, or with a trusted proxy the last X-Forwarded-For entry (the one it wrote). */
export function clientAddress(req: HttpRequest, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = forwarded?.split(',').pop()?.trim();
  return last || req.remoteAddress;
}

/** `Username`, or `AuthParameters.USERNAME` for InitiateAuth; undefined when absent or not a string. */
function usernameOf(body: string): string | undefined {
  const o = parseJsonObject(body);
  const params = o?.AuthParameters;
  const name = o?.Username ?? (params && typeof params === 'object' ? (params as Record<string, unknown>).USERNAME : undefined);
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Throws TooManyRequests / LimitExceeded when `operation` is limited and this request is over. */
export function checkRateLimit(limiter: RateLimiter, operation: string, req: HttpRequest): void {
  if (!isRateLimited(operation)) return;
  limiter.check(operation, { ip: clientAddress(req, limiter.trustProxy), username: usernameOf(req.body) });
}
