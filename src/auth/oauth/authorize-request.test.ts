import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthOAuthIR } from '../../ir/types.js';
import { createSealedBox } from '../sealed-box.js';
import { issueCode, redeemCode } from './authorization-codes.js';
import { AuthorizeRedirectError, parseAuthorizeRequest } from './authorize-request.js';

const oauth: AuthOAuthIR = {
  providers: [{ name: 'Google', type: 'Google', attributeMapping: { email: 'email' } }],
  scopes: ['openid', 'email', 'profile'],
  callbackUrls: ['http://localhost:3000/cb'],
  logoutUrls: ['http://localhost:3000/'],
};
const ir = { userPoolClientId: 'client1', oauth };
const ok = { response_type: 'code', client_id: 'client1', redirect_uri: 'http://localhost:3000/cb', state: 'S' };

/** What an authorize request becomes: the app's error (redirected), a page error code, or fine. */
function outcome(params: Record<string, string>): string {
  try {
    parseAuthorizeRequest(ir, params);
    return 'ok';
  } catch (e) {
    if (e instanceof AuthorizeRedirectError) return `redirect:${e.error}:${e.state}`;
    return `page:${(e as { code: string }).code}`;
  }
}

describe('authorize requests', () => {
  it.each([
    [{}, 'ok'],
    [{ client_id: 'other' }, 'page:InvalidClient'],
    [{ client_id: '' }, 'page:BadRequest'],
    [{ redirect_uri: 'http://localhost:3000/cb/extra' }, 'page:RedirectMismatch'],
    [{ redirect_uri: 'http://LOCALHOST:3000/cb' }, 'page:RedirectMismatch'],
    [{ response_type: 'token' }, 'redirect:unauthorized_client:S'],
    [{ response_type: '' }, 'redirect:invalid_request:S'],
    [{ scope: 'openid phone' }, 'redirect:invalid_scope:S'],
    [{ code_challenge_method: 'S256' }, 'redirect:invalid_request:S'],
    [{ code_challenge: 'x', code_challenge_method: 'S512' }, 'redirect:invalid_request:S'],
    [{ identity_provider: 'Facebook' }, 'redirect:invalid_request:S'],
    [{ identity_provider: 'google' }, 'ok'],
    [{ identity_provider: 'COGNITO' }, 'ok'],
  ])('%j → %s', (extra, expected) => {
    expect(outcome({ ...ok, ...extra })).toBe(expected);
  });

  it('defaults to the client scopes and the plain PKCE method', () => {
    const r = parseAuthorizeRequest(ir, { ...ok, code_challenge: 'abc' });
    expect(r).toMatchObject({ scopes: oauth.scopes, codeChallenge: 'abc', codeChallengeMethod: 'plain', state: 'S' });
  });
});

describe('authorization codes', () => {
  const rows = new Map<string, { codeHash: string; payload: string; expiresAt: number }>();
  const codes = {
    put: async (r: { codeHash: string; payload: string; expiresAt: number }) => void rows.set(r.codeHash, r),
    take: async (h: string) => {
      const r = rows.get(h);
      rows.delete(h);
      return r;
    },
    get: async (h: string) => rows.get(h),
    prune: async () => {},
  };
  let n = 0;
  const d = {
    clock: { now: () => 1_000 },
    ids: { uuid: () => `code-${++n}`, digits: () => '', token: () => '' },
    storeBox: createSealedBox(Buffer.alloc(32, 7)),
    codes,
  };
  const tokens = { accessToken: 'a', idToken: 'i', refreshToken: 'r', expiresIn: 3600 };

  it.each([
    ['plain', 'verifier-1', 'verifier-1', true],
    ['plain', 'verifier-1', 'verifier-2', false],
    ['S256', createHash('sha256').update('v').digest('base64url'), 'v', true],
    ['S256', createHash('sha256').update('v').digest('base64url'), 'w', false],
  ] as const)('PKCE %s: challenge %s, verifier %s → %s', async (method, challenge, verifier, accepted) => {
    const request = parseAuthorizeRequest(ir, { ...ok, code_challenge: challenge, code_challenge_method: method });
    const code = await issueCode(d, request, tokens);
    const redeem = redeemCode(d, { code, clientId: 'client1', redirectUri: ok.redirect_uri, codeVerifier: verifier });
    if (accepted) await expect(redeem).resolves.toMatchObject({ tokens });
    else await expect(redeem).rejects.toMatchObject({ code: 'InvalidGrant' });
  });

  it('refuses a PKCE code redeemed without a verifier', async () => {
    const code = await issueCode(d, parseAuthorizeRequest(ir, { ...ok, code_challenge: 'c' }), tokens);
    await expect(redeemCode(d, { code, clientId: 'client1', redirectUri: ok.redirect_uri })).rejects.toMatchObject({
      code: 'InvalidGrant',
    });
  });
});
