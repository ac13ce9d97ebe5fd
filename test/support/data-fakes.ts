/** Fakes for data-service tests: a fixed clock, counting ids, callers. */
import type { AccessClaims } from '../../src/auth/types.js';
import type { Caller } from '../../src/data/types.js';
import type { Clock } from '../../src/util/clock.js';
import type { Ids } from '../../src/util/ids.js';

export function clockAt(iso = '2025-01-02T03:04:05.000Z'): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return {
    now: () => now,
    set: (s) => {
      now = Date.parse(s);
    },
  };
}

export function countingIds(prefix = 'id'): Ids {
  let n = 0;
  return {
    uuid: () => `${prefix}-${String(++n).padStart(4, '0')}`,
    digits: (k) => '1'.repeat(k),
    token: () => `tok${++n}`,
  };
}

export function claims(sub: string, username = sub, groups: string[] = []): AccessClaims {
  return {
    sub,
    username,
    groups,
    clientId: 'client',
    exp: 2_000_000_000,
    iat: 1_700_000_000,
    jti: `jti-${sub}`,
    raw: { sub, 'cognito:username': username, 'cognito:groups': groups },
  };
}

export const callers = {
  user: (sub: string, username = sub, groups: string[] = []): Caller => ({ mode: 'userPool', claims: claims(sub, username, groups) }),
  apiKey: (): Caller => ({ mode: 'apiKey' }),
  fn: (functionName: string): Caller => ({ mode: 'iam', principal: { kind: 'function', functionName } }),
  guest: (): Caller => ({ mode: 'iam', principal: { kind: 'identity', identityId: 'us-east-1:g', authenticated: false } }),
};
