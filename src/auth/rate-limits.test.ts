import { describe, expect, it } from 'vitest';
import { ClockFake } from '../../test/support/auth-fakes.js';
import { COGNITO_DEFAULT_LIMITS, createRateLimiter, type RateLimitConfig } from './rate-limits.js';
import { rateLimitsFromEnv } from './rate-limits-env.js';
import { createTokenBuckets } from './token-buckets.js';

const codeOf = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('token buckets', () => {
  it('allow a burst of the capacity, then refill at the rate', () => {
    const clock = new ClockFake();
    const b = createTokenBuckets({ capacity: 3, perMs: 3 / 1000 }, clock);
    expect([1, 2, 3, 4].map(() => b.take('ip'))).toEqual([true, true, true, false]);
    expect(b.take('other')).toBe(true);
    clock.advance(334);
    expect([b.take('ip'), b.take('ip')]).toEqual([true, false]);
  });

  it('stay bounded in memory: full buckets, then the oldest, are forgotten', () => {
    const clock = new ClockFake();
    const b = createTokenBuckets({ capacity: 2, perMs: 2 / 1000 }, clock, 100);
    for (let i = 0; i < 1000; i++) b.take(`ip-${i}`);
    expect(b.size).toBeLessThanOrEqual(100);
  });
});

describe('rate limiter', () => {
  const config = (o: Partial<RateLimitConfig> = {}): RateLimitConfig => ({ ...COGNITO_DEFAULT_LIMITS, ...o });

  it("per IP: Cognito's UserCreation quota (50/s) for sign-ups, then TooManyRequests until a second passes", () => {
    const clock = new ClockFake();
    const limiter = createRateLimiter(config(), clock);
    const signUp = (i: number) => codeOf(() => limiter.check('SignUp', { ip: '10.0.0.1', username: `u${i}` }));
    const results = Array.from({ length: 51 }, (_, i) => signUp(i));
    expect(results.slice(0, 50).every((r) => r === 'ok')).toBe(true);
    expect(results[50]).toBe('TooManyRequests');
    // another client is not affected
    expect(codeOf(() => limiter.check('SignUp', { ip: '10.0.0.2', username: 'x' }))).toBe('ok');
    clock.advance(1000);
    expect(signUp(99)).toBe('ok');
  });

  it('per user: 10 requests a second whatever the IP, usernames compared case-insensitively', () => {
    const limiter = createRateLimiter(config(), new ClockFake());
    const signIn = (i: number, name: string) => codeOf(() => limiter.check('InitiateAuth', { ip: `10.0.0.${i}`, username: name }));
    const results = Array.from({ length: 10 }, (_, i) => signIn(i, i % 2 ? 'Jane' : 'jane'));
    expect(results).toEqual(Array(10).fill('ok'));
    expect(signIn(11, 'JANE')).toBe('TooManyRequests');
  });

  it('per user: 10 codes an hour, then LimitExceeded', () => {
    const clock = new ClockFake();
    const limiter = createRateLimiter(config(), clock);
    const resend = () => codeOf(() => limiter.check('ResendConfirmationCode', { ip: '10.0.0.1', username: 'jane' }));
    const results = Array.from({ length: 11 }, () => {
      clock.advance(1000);
      return resend();
    });
    expect(results.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(results[10]).toBe('LimitExceeded');
    clock.advance(6 * 60 * 1000);
    expect(resend()).toBe('ok');
  });

  it('leaves other operations alone, and limits nothing when disabled', () => {
    const limiter = createRateLimiter(
      config({ perIp: { userCreation: 1, userAuthentication: 1, userAccountRecovery: 1 } }),
      new ClockFake(),
    );
    for (let i = 0; i < 5; i++) expect(codeOf(() => limiter.check('GetUser', { ip: 'a', username: 'b' }))).toBe('ok');
    const off = createRateLimiter(config({ enabled: false }), new ClockFake());
    for (let i = 0; i < 200; i++) expect(codeOf(() => off.check('SignUp', { ip: 'a', username: 'b' }))).toBe('ok');
  });
});

describe('rate limits from env', () => {
  it("default to Cognito's quotas", () => {
    expect(rateLimitsFromEnv({})).toEqual(COGNITO_DEFAULT_LIMITS);
  });

  it('read each variable', () => {
    const c = rateLimitsFromEnv({ HEARTH_RATE_LIMITS: 'off', HEARTH_TRUST_PROXY: 'true', HEARTH_RATE_SIGN_IN_PER_IP: '1000' });
    expect(c).toMatchObject({ enabled: false, trustProxy: true, perIp: { userAuthentication: 1000, userCreation: 50 } });
  });

  it.each([
    [{ HEARTH_RATE_LIMITS: 'maybe' }, /HEARTH_RATE_LIMITS must be "on" or "off"/],
    [{ HEARTH_RATE_PER_USER: '-1' }, /HEARTH_RATE_PER_USER must be a positive number/],
    [{ HEARTH_RATE_CODES_PER_USER_HOUR: 'ten' }, /HEARTH_RATE_CODES_PER_USER_HOUR must be a positive number/],
  ])('refuse %o with a clear message', (env, message) => {
    expect(() => rateLimitsFromEnv(env)).toThrow(message);
  });
});
