import { describe, expect, it } from 'vitest';
import { secret } from '../backend/index.js';
import { buildOutputs } from '../codegen/outputs.js';
import { compileAuth } from './compile-auth.js';
import { FunctionTable } from './compile-functions.js';
import type { BackendIR } from './types.js';

const WHERE = 'amplify/auth/resource.ts';

function compile(externalProviders: unknown) {
  return compileAuth({ props: { loginWith: { email: true, externalProviders } }, definedIn: '/app/amplify/auth/resource.ts' } as never, {
    appName: 'app',
    region: 'us-east-1',
    functions: new FunctionTable('/app'),
    where: WHERE,
  });
}

const urls = { callbackUrls: ['http://localhost:3000/'], logoutUrls: ['http://localhost:3000/signed-out'] };

describe('loginWith.externalProviders', () => {
  it('compiles providers with secrets as references, email mapped, and the oauth outputs as Amplify writes them', () => {
    const auth = compile({
      google: {
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('GOOGLE_CLIENT_SECRET'),
        attributeMapping: { fullname: 'name' },
      },
      signInWithApple: { clientId: 'apple-id', keyId: 'k', teamId: 't', privateKey: secret('APPLE_KEY') },
      oidc: [{ name: 'Corp', clientId: 'corp', clientSecret: secret('CORP_SECRET'), issuerUrl: 'https://id.corp.example' }],
      ...urls,
    });
    const google = auth.oauth?.providers[0];
    expect(google).toMatchObject({ name: 'Google', type: 'Google', clientId: { secret: 'GOOGLE_CLIENT_ID' } });
    expect(google?.attributeMapping).toEqual({ email: 'email', name: 'name' });
    expect(auth.oauth?.providers.map((p) => p.name)).toEqual(['Google', 'SignInWithApple', 'Corp']);
    const ir: BackendIR = { projectRoot: '/app', region: 'us-east-1', auth, functions: [], addedOutputs: [] };
    const out = buildOutputs(ir, { baseUrl: 'http://127.0.0.1:4000', dataUrl: '', cognitoUrl: '' }) as { auth: { oauth: unknown } };
    expect(out.auth.oauth).toEqual({
      identity_providers: ['GOOGLE'],
      redirect_sign_in_uri: ['http://localhost:3000/'],
      redirect_sign_out_uri: ['http://localhost:3000/signed-out'],
      response_type: 'code',
      scopes: ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      domain: '127.0.0.1:4000',
    });
    // a secret's value never reaches the outputs, only its name stays in the IR
    process.env.GOOGLE_CLIENT_SECRET = 'not-in-outputs';
    expect(JSON.stringify(out)).not.toContain('not-in-outputs');
    expect(JSON.stringify(out)).not.toContain('GOOGLE_CLIENT_SECRET');
  });

  it.each([
    [{ google: { clientId: 'x' }, logoutUrls: ['http://a/'] }, 'You must define callbackUrls'],
    [{ google: { clientId: 'x' }, callbackUrls: ['http://a/'], logoutUrls: [] }, 'You must define logoutUrls'],
    [{ google: {}, ...urls }, 'externalProviders.google needs a clientId'],
    [{ oidc: [{ clientId: 'x', issuerUrl: 'not a url' }], ...urls }, 'oidc[0] needs an issuerUrl'],
    [
      {
        oidc: [
          { clientId: 'a', issuerUrl: 'https://a', name: 'X' },
          { clientId: 'b', issuerUrl: 'https://b', name: 'X' },
        ],
        ...urls,
      },
      'named "X"',
    ],
    [{ scopes: ['openid', 'calendar'], ...urls }, 'scopes has "calendar"'],
    [{ domainPrefix: 'Bad_Prefix', ...urls }, 'domainPrefix'],
  ])('refuses %j naming the file', (ext, message) => {
    expect(() => compile(ext)).toThrow(message);
    expect(() => compile(ext)).toThrow(WHERE);
  });
});
