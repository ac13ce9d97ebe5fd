/**
 * The access-token verifier caches what it checked (every GraphQL request goes through it): a cached
 * token must still be refused once it expires, once its user signs out everywhere or is disabled,
 * and once its session is revoked; a token that differs from a cached one in any byte is checked anew.
 */
import { describe, expect, it } from 'vitest';
import { signedInJane } from '../../test/support/auth-fakes.js';
import { REVOCATION_TTL_MS } from './access-token-verifier.js';

async function signedIn() {
  const { t, sub, r } = await signedInJane();
  // cached from here on: the signature, the claims and the user's revocation state
  await expect(t.auth.tokens.verifyAccessToken(r.accessToken)).resolves.toMatchObject({ sub });
  return { t, sub, r, verify: () => t.auth.tokens.verifyAccessToken(r.accessToken) };
}

const refused = (message: string) => ({ code: 'NotAuthorized', message });

describe('access token verifier cache', () => {
  it('answers a cached token with the same claims', async () => {
    const { sub, verify } = await signedIn();
    const again = await verify();
    expect(again).toMatchObject({ sub, username: sub, clientId: 'hearthclient123' });
  });

  it('refuses a cached token once it expires', async () => {
    const { t, verify } = await signedIn();
    t.clock.advance(3599 * 1000);
    await expect(verify()).resolves.toBeDefined();
    t.clock.advance(1000);
    await expect(verify()).rejects.toMatchObject(refused('Access Token has expired'));
  });

  it('refuses a cached token at once after GlobalSignOut on this instance', async () => {
    const { t, r, verify } = await signedIn();
    t.clock.advance(1000);
    await t.auth.globalSignOut(r.accessToken);
    await expect(verify()).rejects.toMatchObject(refused('Access Token has been revoked'));
  });

  it('refuses a cached token at once after AdminUserGlobalSignOut', async () => {
    const { t, verify } = await signedIn();
    await t.auth.adminUserGlobalSignOut({ userPoolId: t.ir.userPoolId, username: 'jane@example.com' });
    await expect(verify()).rejects.toMatchObject(refused('Access Token has been revoked'));
  });

  it('refuses it within REVOCATION_TTL_MS after another instance signed the user out', async () => {
    const { t, sub, verify } = await signedIn();
    t.clock.advance(1000);
    // what GlobalSignOut on another instance leaves in the shared database (this cache is not told)
    await t.users.update(sub, { tokensValidAfter: Math.floor(t.clock.now() / 1000) });
    await expect(verify()).resolves.toBeDefined();
    t.clock.advance(REVOCATION_TTL_MS);
    await expect(verify()).rejects.toMatchObject(refused('Access Token has been revoked'));
  });

  it('refuses a cached token once its session is revoked (RevokeToken) or its user disabled', async () => {
    const { t, r, verify } = await signedIn();
    await t.auth.revokeToken({ clientId: t.ir.userPoolClientId, token: r.refreshToken as string });
    await expect(verify()).rejects.toMatchObject(refused('Access Token has been revoked'));

    const other = await signedIn();
    await other.t.auth.adminSetEnabled({ userPoolId: other.t.ir.userPoolId, username: 'jane@example.com' }, false);
    await expect(other.verify()).rejects.toMatchObject(refused('User is disabled.'));
  });

  it('checks a token that differs from a cached one in its signature anew, and refuses it', async () => {
    const { t, r } = await signedIn();
    const sig = r.accessToken.slice(r.accessToken.lastIndexOf('.') + 1);
    const flipped = `${r.accessToken.slice(0, -sig.length)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await expect(t.auth.tokens.verifyAccessToken(flipped)).rejects.toMatchObject(refused('Invalid Access Token'));
  });
});
