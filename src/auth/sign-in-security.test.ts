/** Lockout after repeated wrong passwords, single-use SRP blocks, hidden user existence, SRP verifiers sealed at rest. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, type TestAuth } from '../../test/support/auth-fakes.js';
import { clientSignature, clientStart } from '../../test/support/srp-client.js';
import { lockDurationMs, MAX_LOCK_MS } from './lockout.js';
import type { AuthResult } from './service-types.js';
import { computeSrpVerifier } from './srp.js';
import { formatSrpTimestamp } from './srp-timestamp.js';

const EMAIL = 'jane@example.com';
const PASSWORD = 'Passw0rd!';

const passwordSignIn = (t: TestAuth, password: string, username = EMAIL) =>
  t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username, password });

async function srpSignIn(t: TestAuth, password: string) {
  const { a, srpA } = clientStart();
  const clientId = t.ir.userPoolClientId;
  const c = await t.auth.startSrpSignIn({ clientId, username: EMAIL, srpA });
  const timestamp = formatSrpTimestamp(t.clock.now());
  const common = { poolName: 'hearth', userIdForSrp: c.userIdForSrp, salt: c.salt, srpB: c.srpB, secretBlock: c.secretBlock, timestamp };
  const input = {
    clientId,
    username: c.userIdForSrp,
    secretBlock: c.secretBlock,
    timestamp,
    signature: clientSignature({ a, srpA, password, ...common }),
  };
  return { input, respond: () => t.auth.respondPasswordVerifier(input) };
}

const wrong = { code: 'NotAuthorized', message: 'Incorrect username or password.' };
const exceeded = { code: 'NotAuthorized', message: 'Password attempts exceeded' };

describe('sign-in lockout', () => {
  it('locks after 5 wrong passwords for 1 s, then doubles the lock with each further failure', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    for (let n = 0; n < 5; n++) await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
    // locked: even the right password is refused without being checked
    await expect(passwordSignIn(t, PASSWORD)).rejects.toMatchObject(exceeded);
    t.clock.advance(1001);
    await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
    t.clock.advance(1500);
    await expect(passwordSignIn(t, PASSWORD)).rejects.toMatchObject(exceeded);
    t.clock.advance(600);
    expect(await passwordSignIn(t, PASSWORD)).toHaveProperty('accessToken');
    // success resets the count: one wrong password no longer locks
    await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
    expect(await passwordSignIn(t, PASSWORD)).toHaveProperty('accessToken');
  });

  it('forgets old failures after 15 quiet minutes', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    for (let n = 0; n < 4; n++) await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
    t.clock.advance(15 * 60 * 1000);
    // without the reset this fifth failure would lock the account
    await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
    expect(await passwordSignIn(t, PASSWORD)).toHaveProperty('accessToken');
  });

  it('counts SRP failures too, and caps the lock at 15 minutes', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    for (let n = 0; n < 5; n++) await expect((await srpSignIn(t, 'Wrong-pass1')).respond()).rejects.toMatchObject(wrong);
    await expect((await srpSignIn(t, PASSWORD)).respond()).rejects.toMatchObject(exceeded);
    expect([5, 6, 7, 14, 40].map(lockDurationMs)).toEqual([1000, 2000, 4000, 512_000, MAX_LOCK_MS]);
    expect(MAX_LOCK_MS).toBe(15 * 60 * 1000);
  });
});

describe('SRP secret blocks', () => {
  it('accept one answer: a replayed step 2 is refused', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    const { respond } = await srpSignIn(t, PASSWORD);
    expect(((await respond()) as AuthResult).accessToken).toBeTruthy();
    await expect(respond()).rejects.toMatchObject({ code: 'NotAuthorized', message: expect.stringContaining('only be used once') });
  });
});

describe('user existence', () => {
  it('answers an unknown user exactly like a wrong password', async () => {
    const t = await createTestAuth();
    await confirmedUser(t, EMAIL, PASSWORD);
    await expect(passwordSignIn(t, PASSWORD, 'nobody@example.com')).rejects.toMatchObject(wrong);
    await expect(passwordSignIn(t, 'Wrong-pass1')).rejects.toMatchObject(wrong);
  });
});

describe('SRP verifiers at rest', () => {
  const rawVerifier = async (t: TestAuth, sub: string) =>
    (await sql<{ srp_verifier: string }>`select srp_verifier from hearth_users where sub = ${sub}`.execute(t.db)).rows[0]?.srp_verifier ??
    '';

  it('are stored sealed, never as the hex verifier', async () => {
    const t = await createTestAuth();
    const sub = await confirmedUser(t, EMAIL, PASSWORD);
    const user = await t.users.bySub(sub);
    const stored = await rawVerifier(t, sub);
    const { verifier } = computeSrpVerifier({ poolName: 'hearth', userId: sub, password: PASSWORD, saltHex: user?.srpSalt ?? '' });
    expect(stored.startsWith('sealed:')).toBe(true);
    expect(stored).not.toContain(verifier);
    expect(((await (await srpSignIn(t, PASSWORD)).respond()) as AuthResult).accessToken).toBeTruthy();
  });

  it('migrates a plaintext verifier written by an older version on first read', async () => {
    const t = await createTestAuth();
    const sub = await confirmedUser(t, EMAIL, PASSWORD);
    const { salt, verifier } = computeSrpVerifier({ poolName: 'hearth', userId: sub, password: PASSWORD });
    await sql`update hearth_users set srp_salt = ${salt}, srp_verifier = ${verifier} where sub = ${sub}`.execute(t.db);
    expect(((await (await srpSignIn(t, PASSWORD)).respond()) as AuthResult).accessToken).toBeTruthy();
    const stored = await rawVerifier(t, sub);
    expect(stored.startsWith('sealed:')).toBe(true);
    expect(stored).not.toContain(verifier);
    expect(((await (await srpSignIn(t, PASSWORD)).respond()) as AuthResult).accessToken).toBeTruthy();
  });
});
