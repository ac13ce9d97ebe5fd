/**
 * An API with both a user pool (default) and an OIDC mode, as an app that signs its own users in
 * with Cognito and also accepts another issuer's tokens: the unmodified client signs in with SRP,
 * and passes the OIDC provider's token as `authToken` with `authMode: 'oidc'`. Each token reaches
 * only the rules of its own provider, whichever header it comes in.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppBackend, startAppBackend } from '../support/app-backend.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { type OidcProviderProcess, startOidcProvider } from '../support/oidc-provider-process.js';

const PASSWORD = 'Correct-horse-9';
const CLIENT = 'partner-portal';

describe('a user pool API that also accepts an OIDC provider', () => {
  const dir = join(repoRoot, 'test-artifacts', `data-oidc-up-${randomBytes(4).toString('hex')}`);
  const email = `ann-${randomBytes(3).toString('hex')}@example.com`;
  let idp: OidcProviderProcess;
  let app: AppBackend | undefined;
  let partnerToken: string;

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [{ clientId: CLIENT, redirectUris: ['http://127.0.0.1:9/cb'] }],
      accounts: { partner: { username: 'partner' } },
    });
    writeDataApp(dir, {
      name: 'oidc-up-app',
      auth: true,
      models: `Memo: a.model({ body: a.string() }).authorization((allow) => [allow.owner(), allow.authenticated('oidc').to(['read'])]),`,
      authorizationModes: `{
    defaultAuthorizationMode: 'userPool',
    oidcAuthorizationMode: { oidcProviderName: 'Partners', oidcIssuerUrl: '${idp.issuer}', clientId: '${CLIENT}', tokenExpiryFromAuthInSeconds: 0, tokenExpireFromIssueInSeconds: 0 },
  }`,
    });
    app = await startAppBackend(dir, { engine: 'sqlite', mailbox: true });
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    const code = /(\d{6})/.exec((await app.backend.db.mail.byRecipient(email)).at(-1)?.text ?? '')?.[1];
    await confirmSignUp({ username: email, confirmationCode: code ?? '' });
    await signIn({ username: email, password: PASSWORD });
    partnerToken = (await idp.tokens({ clientId: CLIENT, sub: 'partner' })).idToken;
  });

  afterAll(async () => {
    await signOut().catch(() => {});
    await app?.stop();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists OPENID_CONNECT among the additional modes', async () => {
    const outputs = (await import(`${dir}/amplify_outputs.json`, { with: { type: 'json' } })).default;
    expect(outputs.data.default_authorization_type).toBe('AMAZON_COGNITO_USER_POOLS');
    expect([...outputs.data.authorization_types].sort()).toEqual(['AWS_IAM', 'OPENID_CONNECT']);
  });

  it('the Cognito user owns what it writes; the partner reads it through oidc but cannot write', async () => {
    const mine = generateClient({ authMode: 'userPool' }) as any;
    const partner = generateClient({ authMode: 'oidc', authToken: partnerToken }) as any;
    const created = await mine.models.Memo.create({ body: 'quarterly numbers' });
    expect(created.errors).toBeUndefined();
    const read = await partner.models.Memo.list();
    expect(read.errors).toBeUndefined();
    expect(read.data.map((m: { body: string }) => m.body)).toEqual(['quarterly numbers']);
    const write = await partner.models.Memo.create({ body: 'partner note' });
    expect(write.data).toBeNull();
    expect(write.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });

  it("a Cognito access token in oidc mode is still the user pool's, and an OIDC token is never a user pool caller", async () => {
    const access = (await fetchAuthSession()).tokens?.accessToken.toString() ?? '';
    // the Cognito token, sent by a client set to oidc, reaches the user pool's owner rule
    const asOidc = generateClient({ authMode: 'oidc', authToken: access }) as any;
    expect((await asOidc.models.Memo.create({ body: 'still mine' })).errors).toBeUndefined();
    // the OIDC token sent in userPool mode is verified against the OIDC issuer: read only
    const partnerAsUserPool = generateClient({ authMode: 'userPool', authToken: partnerToken }) as any;
    const write = await partnerAsUserPool.models.Memo.create({ body: 'sneaky' });
    expect(write.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect((await partnerAsUserPool.models.Memo.list()).data).toHaveLength(2);
  });
});
