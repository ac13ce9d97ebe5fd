import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClockFake } from '../../test/support/auth-fakes.js';
import { createCredentialIssuer } from './credentials.js';
import type { IamPrincipal } from './types.js';

const principal: IamPrincipal = { kind: 'identity', identityId: 'us-east-1:abc', authenticated: true, sub: 'sub-1' };

describe('credential issuer', () => {
  const key = randomBytes(32);
  const clock = new ClockFake();
  const issuer = createCredentialIssuer(key, clock);

  it('issues STS-shaped credentials that resolve to the same secret and principal', () => {
    const c = issuer.issue(principal, 3600);
    expect(c.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(c.expiration).toBe(clock.now() + 3600_000);
    expect(issuer.resolve(c.accessKeyId, c.sessionToken)).toEqual({ secretAccessKey: c.secretAccessKey, principal });
  });

  it('resolves on another instance sharing the key, and not with another key', () => {
    const c = issuer.issue(principal, 60);
    expect(createCredentialIssuer(Buffer.from(key), clock).resolve(c.accessKeyId, c.sessionToken)?.secretAccessKey).toBe(c.secretAccessKey);
    expect(createCredentialIssuer(randomBytes(32), clock).resolve(c.accessKeyId, c.sessionToken)).toBeUndefined();
  });

  it('refuses a forged principal, a mismatched key id and an expired token', () => {
    const c = issuer.issue({ kind: 'identity', identityId: 'us-east-1:guest', authenticated: false }, 60);
    const [payload, mac] = c.sessionToken.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.p = { kind: 'function', functionName: 'admin' };
    expect(issuer.resolve(c.accessKeyId, `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`)).toBeUndefined();
    expect(issuer.resolve('ASIAAAAAAAAAAAAAAAAA', c.sessionToken)).toBeUndefined();
    expect(issuer.resolve(c.accessKeyId, 'garbage')).toBeUndefined();
    clock.advance(61_000);
    expect(issuer.resolve(c.accessKeyId, c.sessionToken)).toBeUndefined();
  });
});
