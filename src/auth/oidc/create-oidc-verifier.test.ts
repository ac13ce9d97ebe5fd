/**
 * The OIDC verifier against a real OpenID Provider (the `oidc-provider` package on port 0): real
 * discovery, real keys, real ID tokens from its login flow; each refusal a user could meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProviderProcess, startOidcProvider } from '../../../test/support/oidc-provider-process.js';
import type { Clock } from '../../util/clock.js';
import { createOidcVerifier, OidcTokenError } from './index.js';

const CLIENT = 'web-app';
const OTHER = 'other-app';

describe('createOidcVerifier against a real OpenID Provider', () => {
  let idp: OidcProviderProcess;
  let clock: Clock & { ms: number };

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [
        { clientId: CLIENT, redirectUris: ['http://127.0.0.1:1/cb'] },
        { clientId: OTHER, clientSecret: 'other-secret-123', redirectUris: ['http://127.0.0.1:1/other'] },
      ],
      accounts: { alice: { email: 'alice@example.com', groups: ['Admins'] } },
    });
  });
  afterAll(() => idp?.close());

  let jwksFetches = 0;
  const countingFetch = (url: string, init?: { signal?: AbortSignal }) => {
    if (url.endsWith('/jwks')) jwksFetches++;
    return fetch(url, init);
  };
  const verifier = (o: { audience?: string | RegExp; maxAgeFromIssueSeconds?: number; maxAgeFromAuthSeconds?: number } = {}) => {
    clock = { ms: Date.now(), now: () => clock.ms };
    return createOidcVerifier({ issuer: idp.issuer, clock, jwksCooldownMs: 1000, fetch: countingFetch, ...o });
  };
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(OidcTokenError);
    return e as OidcTokenError;
  };

  it('accepts an ID token of the provider for the client, with its claims and nonce', async () => {
    const t = await idp.tokens({ clientId: CLIENT, sub: 'alice', nonce: 'n-1' });
    const claims = await verifier({ audience: CLIENT }).verify(t.idToken, { nonce: 'n-1' });
    expect(claims).toMatchObject({ iss: idp.issuer, sub: 'alice', aud: CLIENT, email: 'alice@example.com', groups: ['Admins'] });
  });

  it('refuses a token for another client, and accepts it where the audience pattern matches', async () => {
    const t = await idp.tokens({ clientId: OTHER, sub: 'bob' });
    expect((await refusal(verifier({ audience: CLIENT }).verify(t.idToken))).message).toBe('The token is not for this client.');
    expect((await verifier({ audience: /(web|other)-app/ }).verify(t.idToken)).sub).toBe('bob');
    await refusal(verifier({ audience: /other/ }).verify(t.idToken)); // the pattern must match the whole client id
  });

  it('refuses a wrong nonce', async () => {
    const t = await idp.tokens({ clientId: CLIENT, sub: 'alice', nonce: 'n-2' });
    expect((await refusal(verifier().verify(t.idToken, { nonce: 'n-3' }))).message).toBe('The token nonce does not match.');
  });

  it('refuses an expired token as expired, at the injected clock', async () => {
    const t = await idp.tokens({ clientId: CLIENT, sub: 'alice', idTokenTtlSeconds: 60 });
    const v = verifier();
    await v.verify(t.idToken);
    clock.ms += 61_000;
    const e = await refusal(v.verify(t.idToken));
    expect([e.expired, e.message]).toEqual([true, 'The token has expired.']);
  });

  it('refuses a token older than the maximum age from issue', async () => {
    const t = await idp.tokens({ clientId: CLIENT, sub: 'alice' });
    const v = verifier({ maxAgeFromIssueSeconds: 30 });
    await v.verify(t.idToken);
    clock.ms += 31_000;
    expect((await refusal(v.verify(t.idToken))).expired).toBe(true);
  });

  it('refuses a token whose sign-in (auth_time) is older than the maximum age from authentication', async () => {
    const withAuthTime = await idp.tokens({ clientId: CLIENT, sub: 'alice', maxAgeSeconds: 3600 });
    const without = await idp.tokens({ clientId: CLIENT, sub: 'alice' });
    const v = verifier({ maxAgeFromAuthSeconds: 30 });
    expect(typeof (await v.verify(withAuthTime.idToken)).auth_time).toBe('number');
    clock.ms += 31_000;
    expect((await refusal(v.verify(withAuthTime.idToken))).expired).toBe(true);
    // a provider puts auth_time in only when asked: without it there is nothing to check
    expect((await v.verify(without.idToken)).auth_time).toBeUndefined();
  });

  it('refuses a forged token (a key the provider never published), with its kid or another', async () => {
    const v = verifier();
    await refusal(v.verify(await idp.forge({ sub: 'alice', aud: CLIENT })));
    await refusal(v.verify(await idp.forge({ sub: 'alice', aud: CLIENT }, { kid: 'unknown-kid' })));
  });

  it('refuses a token of another issuer, an unsigned token and garbage', async () => {
    const v = verifier();
    const other = await idp.forge({ iss: 'http://127.0.0.1:9/elsewhere', sub: 'alice' });
    await refusal(v.verify(other));
    const [h, p] = (await idp.tokens({ clientId: CLIENT, sub: 'alice' })).idToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    await refusal(v.verify(none));
    await refusal(v.verify(`${h}.${p}.AAAA`));
    await refusal(v.verify('not a token'));
  });

  it('fetches the new keys once when the provider rotates, at most once per cooldown for unknown kids', async () => {
    const v = verifier();
    await v.verify((await idp.tokens({ clientId: CLIENT, sub: 'alice' })).idToken);
    clock.ms += 2000;
    await idp.rotateKeys();
    const fresh = await idp.tokens({ clientId: CLIENT, sub: 'alice' });
    jwksFetches = 0;
    expect((await v.verify(fresh.idToken)).sub).toBe('alice'); // unknown kid → refetch → accepted
    expect(jwksFetches).toBe(1);
    // forged unknown kids right after a refetch are refused without asking the provider again
    for (let i = 0; i < 5; i++) await refusal(v.verify(await idp.forge({ sub: 'x' }, { kid: `never-seen-${i}` })));
    expect(jwksFetches).toBe(1);
    clock.ms += 1001; // past the cooldown, one more fetch is allowed
    await refusal(v.verify(await idp.forge({ sub: 'x' }, { kid: 'never-seen' })));
    expect(jwksFetches).toBe(2);
  });

  it('refetches keys once they are old, and keeps the ones it holds while the provider is down', async () => {
    const own = await startOidcProvider({ clients: [{ clientId: CLIENT, redirectUris: ['http://127.0.0.1:1/cb'] }] });
    const t = await own.tokens({ clientId: CLIENT, sub: 'alice' });
    clock = { ms: Date.now(), now: () => clock.ms };
    const v = createOidcVerifier({ issuer: own.issuer, clock, jwksMaxAgeMs: 60_000, fetch: countingFetch });
    jwksFetches = 0;
    await v.verify(t.idToken);
    clock.ms += 61_000;
    await v.verify(t.idToken);
    expect(jwksFetches).toBe(2);
    await own.close();
    clock.ms += 61_000;
    expect((await v.verify(t.idToken)).sub).toBe('alice'); // the refetch failed; the held keys still verify
    expect(jwksFetches).toBe(3);
    await v.verify(t.idToken); // and the next request does not wait on the provider again
    expect(jwksFetches).toBe(3);
  });

  it('refuses with a clear error when the issuer has no discovery document, and recovers later', async () => {
    const missing = createOidcVerifier({ issuer: `${idp.issuer}/nowhere`, clock: { now: () => Date.now() } });
    const e = await missing.verify('a.b.c').catch((err: Error) => err);
    expect(e).toMatchObject({ code: 'NotAuthorized', message: "The OIDC provider's discovery document answered HTTP 404." });
  });
});
