import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { signedInJane as signedIn } from '../../test/support/auth-fakes.js';
import type { AuthResult } from './service-types.js';
import { signJwt } from './tokens.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('tokens', () => {
  it("carries Cognito's access and id token claims", async () => {
    const { t, sub, r } = await signedIn();
    const now = Math.floor(t.clock.now() / 1000);
    const access = decodeJwt(r.accessToken);
    expect(access).toMatchObject({
      sub,
      iss: 'http://127.0.0.1:4000/us-east-1_hearth',
      client_id: t.ir.userPoolClientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
      iat: now,
      exp: now + 3600,
      username: sub,
    });
    expect(access.origin_jti).toEqual(expect.any(String));
    expect(access['cognito:groups']).toBeUndefined();
    const id = decodeJwt(r.idToken);
    expect(id).toMatchObject({
      sub,
      'cognito:username': sub,
      aud: t.ir.userPoolClientId,
      token_use: 'id',
      email: 'jane@example.com',
      email_verified: true,
      origin_jti: access.origin_jti,
    });
    const header = decodeProtectedHeader(r.accessToken);
    expect(header).toMatchObject({ alg: 'RS256', kid: (t.auth.jwks().keys[0] as { kid: string }).kid });
  });

  it("carries the user's other attributes in the ID token only, custom ones included", async () => {
    const { t, sub } = await signedIn();
    const u = await t.users.bySub(sub);
    await t.users.update(sub, { attributes: { ...u?.attributes, name: 'Jane', 'custom:plan': 'pro' } });
    const r = (await t.auth.signInWithPassword({
      clientId: t.ir.userPoolClientId,
      username: 'jane@example.com',
      password: 'Passw0rd!',
    })) as AuthResult;
    expect(decodeJwt(r.idToken)).toMatchObject({ name: 'Jane', 'custom:plan': 'pro', email_verified: true });
    expect(decodeJwt(r.accessToken).name).toBeUndefined();
  });

  it('adds cognito:groups when the user has groups', async () => {
    const { t, sub } = await signedIn();
    await t.users.update(sub, { groups: ['admins'] });
    const r = (await t.auth.signInWithPassword({
      clientId: t.ir.userPoolClientId,
      username: 'jane@example.com',
      password: 'Passw0rd!',
    })) as AuthResult;
    expect(decodeJwt(r.accessToken)['cognito:groups']).toEqual(['admins']);
    expect((await t.auth.tokens.verifyAccessToken(r.accessToken)).groups).toEqual(['admins']);
  });

  it('publishes a JWKS without private parts', async () => {
    const { t } = await signedIn();
    const [key] = t.auth.jwks().keys as Record<string, unknown>[];
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(key?.d).toBeUndefined();
  });

  it('refuses alg none, a foreign key, an id token, a tampered payload and an expired token', async () => {
    const { t, r } = await signedIn();
    const claims = decodeJwt(r.accessToken);
    const header = decodeProtectedHeader(r.accessToken);
    const none = `${b64({ alg: 'none', kid: header.kid })}.${b64(claims)}.`;
    const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = signJwt({ kid: header.kid!, privateKey: foreignKey }, claims);
    const [h, , s] = r.accessToken.split('.');
    const tampered = `${h}.${b64({ ...claims, sub: 'someone-else' })}.${s}`;
    for (const token of [none, foreign, r.idToken, tampered, 'not-a-jwt']) {
      await expect(t.auth.tokens.verifyAccessToken(token)).rejects.toMatchObject({
        code: 'NotAuthorized',
        message: 'Invalid Access Token',
      });
    }
    await t.auth.tokens.verifyAccessToken(r.accessToken); // now cached
    t.clock.advance(3601 * 1000);
    await expect(t.auth.tokens.verifyAccessToken(r.accessToken)).rejects.toMatchObject({ message: 'Access Token has expired' });
  });

  it('honours GlobalSignOut even for a token it has cached as valid', async () => {
    const { t, r } = await signedIn();
    await t.auth.tokens.verifyAccessToken(r.accessToken);
    t.clock.advance(1000);
    await t.auth.globalSignOut(r.accessToken);
    await expect(t.auth.tokens.verifyAccessToken(r.accessToken)).rejects.toMatchObject({ message: 'Access Token has been revoked' });
    await expect(t.auth.refresh({ clientId: t.ir.userPoolClientId, refreshToken: r.refreshToken! })).rejects.toMatchObject({
      code: 'NotAuthorized',
    });
    const again = (await t.auth.signInWithPassword({
      clientId: t.ir.userPoolClientId,
      username: 'jane@example.com',
      password: 'Passw0rd!',
    })) as AuthResult;
    await expect(t.auth.tokens.verifyAccessToken(again.accessToken)).resolves.toBeDefined();
  });

  it('sees a revocation made by another instance within a few seconds', async () => {
    const { t, r } = await signedIn();
    await t.auth.tokens.verifyAccessToken(r.accessToken);
    const claims = decodeJwt(r.accessToken);
    // another instance revoked the session: only the shared database knows
    await t.users.revokeAllRefreshTokens(claims.sub!);
    await expect(t.auth.tokens.verifyAccessToken(r.accessToken)).resolves.toBeDefined();
    t.clock.advance(6000);
    await expect(t.auth.tokens.verifyAccessToken(r.accessToken)).rejects.toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('keeps auth_time and origin_jti across a refresh', async () => {
    const { t, r } = await signedIn();
    t.clock.advance(10 * 60 * 1000);
    const again = await t.auth.refresh({ clientId: t.ir.userPoolClientId, refreshToken: r.refreshToken! });
    const before = decodeJwt(r.accessToken);
    const after = decodeJwt(again.accessToken);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.iat).toBe((before.iat as number) + 600);
  });

  it('refuses a refresh token of another client and an unknown one', async () => {
    const { t, r } = await signedIn();
    await expect(t.auth.refresh({ clientId: t.ir.userPoolClientId, refreshToken: 'made-up' })).rejects.toMatchObject({
      message: 'Invalid Refresh Token',
    });
    await expect(t.auth.refresh({ clientId: 'other', refreshToken: r.refreshToken! })).rejects.toMatchObject({ code: 'ResourceNotFound' });
  });
});
