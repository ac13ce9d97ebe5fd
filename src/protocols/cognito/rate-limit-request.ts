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

type Body = Record<string, unknown> | undefined;

/** `Username`, or `AuthParameters.USERNAME` for InitiateAuth; undefined when absent or not a string. */
function usernameOf(o: Body): string | undefined {
  const params = o?.AuthParameters;
  const name = o?.Username ?? (params && typeof params === 'object' ? (params as Record<string, unknown>).USERNAME : undefined);
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * A request that mails a sign-in code (InitiateAuth preferring EMAIL_OTP, or SELECT_CHALLENGE answered
 * with it) counts as `EmailOtpSignIn`, under the codes-per-hour limit; its username, for the answer,
 * is ChallengeResponses.USERNAME.
 */
function limitedAs(operation: string, o: Body): { operation: string; username?: string } {
  if (operation !== 'InitiateAuth' && operation !== 'RespondToAuthChallenge') return { operation };
  const p = (operation === 'InitiateAuth' ? o?.AuthParameters : o?.ChallengeResponses) as Record<string, unknown> | undefined;
  const asksForCode =
    operation === 'InitiateAuth'
      ? p?.PREFERRED_CHALLENGE === 'EMAIL_OTP'
      : o?.ChallengeName === 'SELECT_CHALLENGE' && p?.ANSWER === 'EMAIL_OTP';
  if (!asksForCode) return { operation };
  return { operation: 'EmailOtpSignIn', ...(typeof p?.USERNAME === 'string' && p.USERNAME && { username: p.USERNAME }) };
}

/** Throws TooManyRequests / LimitExceeded when `operation` is limited and this request is over. */
export function checkRateLimit(limiter: RateLimiter, operation: string, req: HttpRequest): void {
  // parsed only for the operations that are limited, and once (a sign-in's answer carries a 2 KB SECRET_BLOCK)
  if (!isRateLimited(operation) && operation !== 'RespondToAuthChallenge') return;
  const body = parseJsonObject(req.body);
  const limited = limitedAs(operation, body);
  if (!isRateLimited(limited.operation)) return;
  const username = limited.username ?? usernameOf(body);
  limiter.check(limited.operation, { ip: clientAddress(req, limiter.trustProxy), username });
}
