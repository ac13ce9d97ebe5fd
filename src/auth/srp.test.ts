import { describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, srpAnswer } from '../../test/support/auth-fakes.js';
import { clientSignature, clientStart } from '../../test/support/srp-client.js';
import type { AuthResult } from './service-types.js';
import { computeSrpVerifier, modPow, padHex, SRP_G, SRP_K, SRP_N, srpServerChallenge, srpSessionKey, verifyPasswordClaim } from './srp.js';
import { formatSrpTimestamp, parseSrpTimestamp } from './srp-timestamp.js';

describe('SRP maths', () => {
  it('pads hex like Java BigInteger.toByteArray', () => {
    expect(padHex(2n)).toBe('02');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(SRP_N).startsWith('00ffff')).toBe(true);
  });

  it('has the k the client computes', () => {
    expect(SRP_K.toString(16)).toBe('538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6');
  });

  it('native modPow agrees with square-and-multiply, including the bases OpenSSL refuses', () => {
    const slow = (b: bigint, e: bigint) => {
      let r = 1n;
      for (let x = b % SRP_N, k = e; k > 0n; k >>= 1n, x = (x * x) % SRP_N) if (k & 1n) r = (r * x) % SRP_N;
      return r;
    };
    for (const [b, e] of [
      [SRP_G, 12345678901234567890n],
      [SRP_N - 5n, 99n],
      [1n, 7n],
      [SRP_N - 1n, 3n],
      [SRP_N + 3n, 5n],
    ] as const) {
      expect(modPow(b, e)).toBe(slow(b, e));
    }
  });

  it('verifies a signature computed by an independent client implementation', () => {
    const { salt, verifier } = computeSrpVerifier({ poolName: 'hearth', userId: 'user-1', password: 'Passw0rd!' });
    const { a, srpA } = clientStart();
    const { b, B } = srpServerChallenge(verifier);
    const secretBlock = Buffer.from('opaque state').toString('base64');
    const timestamp = 'Tue Jan 2 03:04:05 UTC 2024';
    const sig = clientSignature({
      a,
      srpA,
      poolName: 'hearth',
      userIdForSrp: 'user-1',
      password: 'Passw0rd!',
      salt,
      srpB: B,
      secretBlock,
      timestamp,
    });
    const key = srpSessionKey({ A: srpA, B, b, verifier });
    expect(key).toBeDefined();
    const claim = { key: key!, poolName: 'hearth', userId: 'user-1', secretBlock, timestamp };
    expect(verifyPasswordClaim({ ...claim, signature: sig })).toBe(true);
    const wrong = clientSignature({
      a,
      srpA,
      poolName: 'hearth',
      userIdForSrp: 'user-1',
      password: 'Passw0rd?',
      salt,
      srpB: B,
      secretBlock,
      timestamp,
    });
    expect(verifyPasswordClaim({ ...claim, signature: wrong })).toBe(false);
  });

  it('computes x from the salt as an integer (a salt with a leading zero byte still works)', () => {
    const { salt, verifier } = computeSrpVerifier({
      poolName: 'p',
      userId: 'u',
      password: 'pw',
      saltHex: '00ff11223344556677889900aabbccdd',
    });
    const { a, srpA } = clientStart();
    const { b, B } = srpServerChallenge(verifier);
    const args = {
      a,
      srpA,
      poolName: 'p',
      userIdForSrp: 'u',
      password: 'pw',
      salt: BigInt(`0x${salt}`).toString(16),
      srpB: B,
      secretBlock: 'AA==',
      timestamp: 't',
    };
    const key = srpSessionKey({ A: srpA, B, b, verifier })!;
    expect(
      verifyPasswordClaim({ key, poolName: 'p', userId: 'u', secretBlock: 'AA==', timestamp: 't', signature: clientSignature(args) }),
    ).toBe(true);
  });

  it('refuses A ≡ 0 mod N', () => {
    const { verifier } = computeSrpVerifier({ poolName: 'p', userId: 'u', password: 'pw' });
    const { b, B } = srpServerChallenge(verifier);
    expect(srpSessionKey({ A: SRP_N.toString(16), B, b, verifier })).toBeUndefined();
  });

  it('formats and parses the client TIMESTAMP', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(formatSrpTimestamp(ms)).toBe('Tue Jan 2 03:04:05 UTC 2024');
    expect(parseSrpTimestamp('Thu Nov 26 02:26:10 UTC 2026')).toBe(Date.UTC(2026, 10, 26, 2, 26, 10));
    expect(parseSrpTimestamp('2024-01-02T03:04:05Z')).toBeUndefined();
  });
});

describe('SRP sign-in through the service', () => {
  async function signIn(password: string, typed = 'jane@example.com') {
    const t = await createTestAuth();
    await confirmedUser(t, 'jane@example.com', 'Passw0rd!');
    const { a, srpA } = clientStart();
    const clientId = t.ir.userPoolClientId;
    const c = await t.auth.startSrpSignIn({ clientId, username: typed, srpA });
    const timestamp = formatSrpTimestamp(t.clock.now());
    const signature = clientSignature({
      a,
      srpA,
      poolName: 'hearth',
      userIdForSrp: c.userIdForSrp,
      password,
      salt: c.salt,
      srpB: c.srpB,
      secretBlock: c.secretBlock,
      timestamp,
    });
    const respond = () =>
      t.auth.respondPasswordVerifier({ clientId, username: c.userIdForSrp, secretBlock: c.secretBlock, timestamp, signature });
    return { t, c, respond };
  }

  it('signs in with the right password, USER_ID_FOR_SRP being the sub', async () => {
    const { t, c, respond } = await signIn('Passw0rd!', 'JANE@example.com');
    expect(c.userIdForSrp).toBe((await t.users.byUsername('jane@example.com'))?.sub);
    const r = (await respond()) as AuthResult;
    expect(r.refreshToken).toBeTruthy();
    expect((await t.auth.tokens.verifyAccessToken(r.accessToken)).sub).toBe(c.userIdForSrp);
  });

  it("refuses a wrong password with Cognito's message", async () => {
    const { respond } = await signIn('Passw0rd?');
    await expect(respond()).rejects.toMatchObject({ code: 'NotAuthorized', message: 'Incorrect username or password.' });
  });

  it('gives an unknown user a stable decoy challenge, then the same refusal', async () => {
    const t = await createTestAuth();
    const clientId = t.ir.userPoolClientId;
    const one = await t.auth.startSrpSignIn({ clientId, username: 'nobody@example.com', srpA: clientStart().srpA });
    const two = await t.auth.startSrpSignIn({ clientId, username: 'nobody@example.com', srpA: clientStart().srpA });
    expect(one.salt).toBe(two.salt);
    expect(one.userIdForSrp).toMatch(/^[0-9a-f-]{36}$/);
    const attempt = {
      clientId,
      username: one.userIdForSrp,
      secretBlock: one.secretBlock,
      timestamp: formatSrpTimestamp(t.clock.now()),
      signature: 'AAAA',
    };
    await expect(t.auth.respondPasswordVerifier(attempt)).rejects.toMatchObject({ message: 'Incorrect username or password.' });
  });

  it('refuses a tampered secret block, a stale timestamp and an expired challenge', async () => {
    const { t, c, respond } = await signIn('Passw0rd!');
    const clientId = t.ir.userPoolClientId;
    const tampered = Buffer.from(c.secretBlock, 'base64');
    tampered[tampered.length - 1]! ^= 1;
    const base = { clientId, username: c.userIdForSrp, timestamp: formatSrpTimestamp(t.clock.now()), signature: 'x' };
    await expect(t.auth.respondPasswordVerifier({ ...base, secretBlock: tampered.toString('base64') })).rejects.toMatchObject({
      code: 'NotAuthorized',
    });
    t.clock.advance(4 * 60 * 1000); // still inside the tolerance: the right signature passes
    await expect(respond()).resolves.toBeDefined();
    t.clock.advance(2 * 60 * 1000);
    await expect(respond()).rejects.toMatchObject({ message: 'Invalid session for the user, session is expired.' });
  });

  it('answers UserNotConfirmed only after the password is proven', async () => {
    const t = await createTestAuth();
    const clientId = t.ir.userPoolClientId;
    await t.auth.signUp({ clientId, username: 'new@example.com', password: 'Passw0rd!', attributes: {} });
    // each attempt starts its own challenge: a SECRET_BLOCK is answered once
    const respond = async (password: string) => t.auth.respondPasswordVerifier(await srpAnswer(t, 'new@example.com', password));
    await expect(respond('nope')).rejects.toMatchObject({ code: 'NotAuthorized' });
    await expect(respond('Passw0rd!')).rejects.toMatchObject({ code: 'UserNotConfirmed' });
  });
});
