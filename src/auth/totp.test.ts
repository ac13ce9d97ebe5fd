import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, totpCode } from './totp.js';

// RFC 6238 appendix B, SHA1 seed "12345678901234567890"; the RFC lists 8 digits, we keep the last 6
const SEED = base32Encode(Buffer.from('12345678901234567890'));

describe('totp', () => {
  it('matches the RFC 6238 SHA1 test vectors (6-digit truncation)', () => {
    expect(totpCode(SEED, 59_000)).toBe('287082');
    expect(totpCode(SEED, 1111111109_000)).toBe('081804');
    expect(totpCode(SEED, 1234567890_000)).toBe('005924');
    expect(totpCode(SEED, 20000000000_000)).toBe('353130');
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    expect([0, 1, 2, 9].map((c) => hotp(SEED, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('round-trips base32 and makes 32-character secrets', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts one step of drift either way and nothing further', () => {
    const now = 1_700_000_000_000;
    const secret = newTotpSecret();
    expect(matchTotp(secret, totpCode(secret, now - 30_000), now)).toBeDefined();
    expect(matchTotp(secret, totpCode(secret, now + 30_000), now)).toBeDefined();
    expect(matchTotp(secret, totpCode(secret, now - 90_000), now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });
});
