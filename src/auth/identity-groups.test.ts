/**
 * Identity-pool credentials carry the user's groups from the ID token, so storage `allow.groups`
 * rules can be decided from the SigV4 credentials alone (Amplify: the groups' IAM roles, picked by
 * Cognito's token role mapping).
 */
import { describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, type TestAuth } from '../../test/support/auth-fakes.js';
import type { AuthResult } from './index.js';

const LOGIN_KEY = '127.0.0.1:4000/us-east-1_hearth';

async function principalFor(t: TestAuth, logins: Record<string, string>) {
  const identityId = await t.auth.getId({ identityPoolId: t.ir.identityPoolId, logins });
  const c = await t.auth.getCredentialsForIdentity({ identityId, logins });
  return t.auth.credentials.resolve(c.accessKeyId, c.sessionToken)?.principal;
}

async function signIn(t: TestAuth, email: string, groups: string[]): Promise<string> {
  const sub = await confirmedUser(t, email, 'Passw0rd!');
  if (groups.length) await t.users.update(sub, { groups, updatedAt: t.clock.now() });
  const r = (await t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username: email, password: 'Passw0rd!' })) as AuthResult;
  return r.idToken;
}

describe('identity credentials and groups', () => {
  it("carries the ID token's cognito:groups in a signed-in user's credentials", async () => {
    const t = await createTestAuth({ ir: { groups: ['ADMINS', 'EDITORS'] } });
    const token = await signIn(t, 'boss@example.com', ['ADMINS', 'EDITORS']);
    expect(await principalFor(t, { [LOGIN_KEY]: token })).toMatchObject({ authenticated: true, groups: ['ADMINS', 'EDITORS'] });
  });

  it('gives a signed-in user without groups an empty list, and a guest none', async () => {
    const t = await createTestAuth({ ir: { groups: ['ADMINS'] } });
    const token = await signIn(t, 'jane@example.com', []);
    expect(await principalFor(t, { [LOGIN_KEY]: token })).toMatchObject({ authenticated: true, groups: [] });
    const guest = await principalFor(t, {});
    expect(guest).toMatchObject({ kind: 'identity', authenticated: false });
    expect(guest).not.toHaveProperty('groups');
  });

  it('takes the groups of the token presented, so a user added to a group gains it with the next token', async () => {
    const t = await createTestAuth({ ir: { groups: ['ADMINS'] } });
    const before = await signIn(t, 'sam@example.com', []);
    const sub = (await t.users.byUsername('sam@example.com'))?.sub as string;
    await t.users.update(sub, { groups: ['ADMINS'], updatedAt: t.clock.now() });
    expect(await principalFor(t, { [LOGIN_KEY]: before })).toMatchObject({ groups: [] });
    const after = (await t.auth.signInWithPassword({
      clientId: t.ir.userPoolClientId,
      username: 'sam@example.com',
      password: 'Passw0rd!',
    })) as AuthResult;
    expect(await principalFor(t, { [LOGIN_KEY]: after.idToken })).toMatchObject({ groups: ['ADMINS'] });
  });
});
