/** GetUser (and so every access-token operation) refuses tokens it did not issue for this client and time. */
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { signedInJane } from '../../test/support/auth-fakes.js';
import { createSqlKeyStore } from '../db/sql/key-store.js';
import { loadSigningKey, signJwt } from './tokens.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function signedIn() {
  const { t, r } = await signedInJane();
  return { t, r, claims: decodeJwt(r.accessToken), kid: decodeProtectedHeader(r.accessToken).kid ?? '' };
}

const refused = { code: 'NotAuthorized' };

describe('GetUser token checks', () => {
  it('accepts the genuine access token', async () => {
    const { t, r } = await signedIn();
    expect((await t.auth.getUser(r.accessToken)).attributes).toContainEqual({ name: 'email', value: 'jane@example.com' });
  });

  it('refuses a token signed with another key, even under our kid', async () => {
    const { t, claims, kid } = await signedIn();
    const foreign = signJwt({ kid, privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }, claims);
    await expect(t.auth.getUser(foreign)).rejects.toMatchObject(refused);
  });

  it('refuses alg none', async () => {
    const { t, claims, kid } = await signedIn();
    await expect(t.auth.getUser(`${b64({ alg: 'none', kid })}.${b64(claims)}.`)).rejects.toMatchObject(refused);
  });

  it('refuses a token of our key minted for another app client', async () => {
    const { t, claims } = await signedIn();
    const key = await loadSigningKey(createSqlKeyStore(t.db));
    const other = signJwt(key, { ...claims, client_id: 'someotherclient', jti: 'x' });
    await expect(t.auth.getUser(other)).rejects.toMatchObject(refused);
    // the same forgery with the right client id is accepted, so the client id is what was refused
    await expect(t.auth.getUser(signJwt(key, { ...claims, jti: 'y' }))).resolves.toBeDefined();
  });

  it('refuses an expired token and an id token', async () => {
    const { t, r } = await signedIn();
    await expect(t.auth.getUser(r.idToken)).rejects.toMatchObject(refused);
    t.clock.advance(3601 * 1000);
    await expect(t.auth.getUser(r.accessToken)).rejects.toMatchObject({ code: 'NotAuthorized', message: 'Access Token has expired' });
  });
});
