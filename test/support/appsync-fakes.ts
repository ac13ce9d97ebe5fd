/** Fakes for appsync protocol tests: a token verifier, a credential issuer, a client-style SigV4 signer. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialIssuer, IamPrincipal, TokenVerifier } from '../../src/auth/types.js';
import { HearthError } from '../../src/util/errors.js';
import type { HttpRequest } from '../../src/util/http.js';
import { claims } from './data-fakes.js';

export const fakeTokens: TokenVerifier = {
  async verifyAccessToken(token) {
    const m = /^jwt-(.+)$/.exec(token);
    if (!m?.[1]) throw new HearthError('NotAuthorized', 'Invalid Access Token');
    return claims(`${m[1]}-sub`, m[1]);
  },
};

export const FN_CREDS = { accessKeyId: 'ASIAFAKE', secretAccessKey: 'secret-of-fn', sessionToken: 'session-of-fn' };

export const fakeCredentials: CredentialIssuer = {
  issue: () => {
    throw new Error('not used');
  },
  resolve(accessKeyId, sessionToken) {
    if (accessKeyId !== FN_CREDS.accessKeyId || sessionToken !== FN_CREDS.sessionToken) return undefined;
    const principal: IamPrincipal = { kind: 'function', functionName: 'postConfirmation' };
    return { secretAccessKey: FN_CREDS.secretAccessKey, principal };
  },
};

/** Signs as the Amplify client does: service appsync, host with port, no x-amz-content-sha256. */
export async function signLikeClient(body: string, o: { date: Date; region?: string; creds?: typeof FN_CREDS }): Promise<HttpRequest> {
  const signer = new SignatureV4({
    service: 'appsync',
    region: o.region ?? 'us-east-1',
    sha256: Sha256,
    applyChecksum: false,
    credentials: o.creds ?? FN_CREDS,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4000,
      path: '/graphql',
      query: {},
      headers: {
        host: 'localhost:4000',
        'content-type': 'application/json; charset=UTF-8',
        'x-amz-user-agent': 'aws-amplify/6.15.0 api/1',
      },
      body,
    },
    { signingDate: o.date },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  return { method: 'POST', path: '/graphql', query: '', headers, body };
}

/** Signs with the Amplify client's own SigV4 signer (@aws-amplify/core), as `authMode: 'iam'` does. */
export async function signWithAmplifyCore(body: string, date: Date): Promise<HttpRequest> {
  const { signRequest } = await import('@aws-amplify/core/internals/aws-client-utils');
  const signed = signRequest(
    {
      url: new URL('http://localhost:4000/graphql'),
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8', 'x-amz-user-agent': 'aws-amplify/6.15.0 api/1' },
      body,
    },
    { credentials: FN_CREDS, signingDate: date, signingRegion: 'us-east-1', signingService: 'appsync' },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  return { method: 'POST', path: '/graphql', query: '', headers, body };
}
