/**
 * Request-rate limits on the user pool operations an attacker can call without a token: sign-up,
 * sign-in, code sending and password recovery.
 *
 * Defaults follow "Quotas in Amazon Cognito"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html): the UserCreation
 * category (SignUp, ConfirmSignUp) 50 requests per second, UserAuthentication (InitiateAuth, SRP's
 * first step included) 120, UserAccountRecovery (ForgotPassword, ConfirmForgotPassword) 30; Hearth
 * counts ResendConfirmationCode there too. Cognito applies them per account; Hearth applies them per
 * client IP, which is stricter per client and looser overall on purpose (one abusive client cannot
 * lock every user out). Per username, Hearth allows 10 requests per second over these operations,
 * and 10 codes per hour (ResendConfirmationCode, ForgotPassword, and the EMAIL_OTP sign-in codes of
 * `EmailOtpSignIn`, which protocols/cognito names for InitiateAuth or SELECT_CHALLENGE asking for one): Cognito documents "between 5 and 20
 * attempts per hour" for forgot-password (how-to-recover-a-user-account.html).
 * Over a rate: TooManyRequestsException; over the codes: LimitExceededException, Cognito's
 * "Attempt limit exceeded, please try after some time."
 *
 * On SQLite (one process) the buckets live in memory. On PostgreSQL the server passes shared
 * counters (rate-limits-shared.ts), so several instances enforce one quota together.
 */
import type { Clock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import { type BucketRate, createTokenBuckets, type TokenBuckets } from './token-buckets.js';

export type RateCategory = 'userCreation' | 'userAuthentication' | 'userAccountRecovery';

export interface RateLimitConfig {
  enabled: boolean;
  /** take the client address from X-Forwarded-For (its last entry, written by the trusted proxy) */
  trustProxy: boolean;
  /** requests per second per client IP, per category (a burst of one second's worth) */
  perIp: Record<RateCategory, number>;
  /** requests per second per username over all limited operations */
  perUserPerSecond: number;
  /** codes sent per username per hour (ResendConfirmationCode, ForgotPassword) */
  codesPerUserPerHour: number;
}

export const COGNITO_DEFAULT_LIMITS: RateLimitConfig = {
  enabled: true,
  trustProxy: false,
  perIp: { userCreation: 50, userAuthentication: 120, userAccountRecovery: 30 },
  perUserPerSecond: 10,
  codesPerUserPerHour: 10,
};

/** The limited operations, by x-amz-target name. */
const CATEGORY: Record<string, RateCategory> = {
  SignUp: 'userCreation',
  ConfirmSignUp: 'userCreation',
  InitiateAuth: 'userAuthentication',
  ForgotPassword: 'userAccountRecovery',
  ConfirmForgotPassword: 'userAccountRecovery',
  ResendConfirmationCode: 'userAccountRecovery',
  EmailOtpSignIn: 'userAuthentication',
};
const SENDS_CODE = new Set(['ForgotPassword', 'ResendConfirmationCode', 'EmailOtpSignIn']);

export interface RateLimiter {
  /** throws TooManyRequests or LimitExceeded when the request is over a limit */
  check(operation: string, who: { ip: string | undefined; username: string | undefined }): void;
  readonly trustProxy: boolean;
}

export function isRateLimited(operation: string): boolean {
  return Object.hasOwn(CATEGORY, operation);
}

/** where a limit counts: in-memory token buckets by default, shared counters across instances */
export type BucketSource = (name: string, rate: BucketRate) => TokenBuckets;

/** Example: `createRateLimiter(rateLimitsFromEnv(process.env), systemClock)`. */
export function createRateLimiter(config: RateLimitConfig, clock: Clock, source?: BucketSource): RateLimiter {
  const buckets: BucketSource = source ?? ((_name, rate) => createTokenBuckets(rate, clock));
  const perSecond = (name: string, n: number) => buckets(name, { capacity: n, perMs: n / 1000 });
  const perIp = {
    userCreation: perSecond('ip-creation', config.perIp.userCreation),
    userAuthentication: perSecond('ip-authentication', config.perIp.userAuthentication),
    userAccountRecovery: perSecond('ip-recovery', config.perIp.userAccountRecovery),
  } satisfies Record<RateCategory, TokenBuckets>;
  const perUser = perSecond('user', config.perUserPerSecond);
  const codes = buckets('codes', { capacity: config.codesPerUserPerHour, perMs: config.codesPerUserPerHour / 3_600_000 });
  const tooMany = () => new HearthError('TooManyRequests', 'Too many requests, please try after some time.');
  return {
    trustProxy: config.trustProxy,
    check(operation, who) {
      const category = CATEGORY[operation];
      if (!config.enabled || !category) return;
      if (who.ip !== undefined && !perIp[category].take(who.ip)) throw tooMany();
      if (who.username === undefined) return;
      const user = who.username.toLowerCase();
      if (!perUser.take(user)) throw tooMany();
      if (SENDS_CODE.has(operation) && !codes.take(user)) {
        throw new HearthError('LimitExceeded', 'Attempt limit exceeded, please try after some time.');
      }
    },
  };
}
