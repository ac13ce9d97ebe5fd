/**
 * AppSync's OIDC mode against a real OpenID Provider: the claims rules read, AppSync's messages, the
 * token cache honouring iatTTL, and an unreachable provider refused as a 401 rather than a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProviderProcess, startOidcProvider } from '../../../test/support/oidc-provider-process.js';
import type { OidcAuthModeIR } from '../../ir/types.js';
import { createOidcAuth } from './oidc-auth.js';

describe('createOidcAuth', () => {
  let idp: OidcProviderProcess;
  const clock = { ms: Date.now(), now: () => clock.ms };
  const mode = (o: Partial<OidcAuthModeIR> = {}): OidcAuthModeIR => ({
    providerName: 'TestIdP',
    issuer: idp.issuer,
    clientId: 'web',
    maxAgeFromAuthSeconds: 0,
    maxAgeFromIssueSeconds: 0,
    ...o,
  });

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [{ clientId: 'web', redirectUris: ['http://127.0.0.1:9/cb'] }],
      accounts: { u1: { username: 'ann', 'cognito:groups': ['Admins'] } },
    });
  });
  afterAll(() => idp?.close());

  it('reads sub, username and cognito:groups as a user pool token would, and azp/aud as the client', async () => {
    const { idToken } = await idp.tokens({ clientId: 'web', sub: 'u1', scope: 'openid profile groups' });
    const claims = await createOidcAuth(mode(), { clock }).verify(idToken);
    expect(claims).toMatchObject({ sub: 'u1', username: 'ann', groups: ['Admins'], clientId: 'web' });
    const bare = await createOidcAuth(mode(), { clock }).verify((await idp.tokens({ clientId: 'web', sub: 'u2' })).idToken);
    expect([bare.username, bare.groups]).toEqual(['', []]);
  });

  it('a cached token is refused once iatTTL has passed, with "Token has expired."', async () => {
    const { idToken } = await idp.tokens({ clientId: 'web', sub: 'u1' });
    clock.ms = Date.now();
    const auth = createOidcAuth(mode({ maxAgeFromIssueSeconds: 60 }), { clock });
    await auth.verify(idToken);
    clock.ms += 61_000;
    await expect(auth.verify(idToken)).rejects.toMatchObject({ code: 'NotAuthorized', message: 'Token has expired.' });
    clock.ms = Date.now();
  });

  it('a clientId pattern must match the whole client id', async () => {
    const { idToken } = await idp.tokens({ clientId: 'web', sub: 'u1' });
    await expect(createOidcAuth(mode({ clientId: 'we' }), { clock }).verify(idToken)).rejects.toMatchObject({ message: 'Unauthorized' });
    expect((await createOidcAuth(mode({ clientId: 'w.b|mobile' }), { clock }).verify(idToken)).sub).toBe('u1');
  });

  it('an unreachable provider is a 401 "Unauthorized" to the client and one warning a minute in the log', async () => {
    const lines: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => void lines.push(m), child: () => logger };
    const down = createOidcAuth(mode({ issuer: 'http://127.0.0.1:9' }), { clock, logger });
    const token = (await idp.tokens({ clientId: 'web', sub: 'u1' })).idToken;
    for (let i = 0; i < 3; i++) {
      await expect(down.verify(token)).rejects.toMatchObject({ code: 'NotAuthorized', message: 'Unauthorized' });
    }
    expect(lines).toEqual([
      "OIDC provider TestIdP (http://127.0.0.1:9): The OIDC provider's discovery document could not be fetched. Requests in the oidc mode are refused until it answers.",
    ]);
    clock.ms += 60_000;
    await expect(down.verify(token)).rejects.toMatchObject({ message: 'Unauthorized' });
    expect(lines).toHaveLength(2);
    // a bad token is the caller's fault, not the provider's: no warning
    const up = createOidcAuth(mode(), { clock, logger });
    await expect(up.verify(await idp.forge({ sub: 'u1', aud: 'web' }))).rejects.toMatchObject({ message: 'Unauthorized' });
    expect(lines).toHaveLength(2);
  });
});
