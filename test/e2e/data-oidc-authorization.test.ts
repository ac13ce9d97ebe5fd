/**
 * AppSync's OPENID_CONNECT mode end to end: a real OpenID Provider (the `oidc-provider` package,
 * test/support/oidc-provider-process.ts) issues ID tokens through its login flow, and the unmodified
 * aws-amplify client sends them with `authMode: 'oidc'` through a custom token provider, as the
 * Amplify docs show for an OIDC provider. Owner, authenticated and group rules of the `oidc` provider,
 * a subscription over the realtime socket, and each bad token (forged, another issuer, another
 * client, expired, missing) refused with AppSync's 401. On SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJWT } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { configureAmplify } from '../../src/client/index.js';
import { type AppBackend, startAppBackend } from '../support/app-backend.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { type OidcProviderProcess, startOidcProvider } from '../support/oidc-provider-process.js';
import { E2E_ENGINES } from '../support/pg-schema.js';

const CLIENT = 'notes-web';
const OTHER_CLIENT = 'other-app';
const CALLBACK = 'http://127.0.0.1:9/callback';

function writeApp(dir: string, issuer: string): void {
  writeDataApp(dir, {
    name: 'oidc-data-app',
    models: `Note: a.model({ body: a.string() }).authorization((allow) => [allow.owner('oidc')]),
  Todo: a
    .model({ content: a.string() })
    .authorization((allow) => [
      allow.owner('oidc').identityClaim('user_id'),
      allow.authenticated('oidc').to(['read']),
      allow.groups(['testGroupName'], 'oidc').withClaimIn('user_groups'),
    ]),
  Board: a
    .model({ title: a.string() })
    .authorization((allow) => [allow.authenticated('oidc').to(['read']), allow.groups(['Admins'], 'oidc').withClaimIn('groups')]),
  Doc: a
    .model({ title: a.string(), teams: a.string().array() })
    .authorization((allow) => [
      allow.groups(['Admins'], 'oidc').withClaimIn('groups'),
      allow.groupsDefinedIn('teams', 'oidc').withClaimIn('groups').to(['read']),
    ]),
  whoami: a.query().returns(a.string()).authorization((allow) => [allow.authenticated('oidc')]).handler(a.handler.function(whoami)),`,
    authorizationModes: `{
    defaultAuthorizationMode: 'oidc',
    oidcAuthorizationMode: {
      oidcProviderName: 'TestIdP',
      oidcIssuerUrl: '${issuer}',
      clientId: '${CLIENT}',
      tokenExpiryFromAuthInSeconds: 3600,
      tokenExpireFromIssueInSeconds: 3600,
    },
  }`,
  });
  // a function resolver that reports the AppSync identity it was given
  const resource = join(dir, 'amplify', 'data', 'resource.ts');
  writeFileSync(resource, `import { whoami } from '../functions/whoami/resource';\n${readFileSync(resource, 'utf8')}`);
  mkdirSync(join(dir, 'amplify', 'functions', 'whoami'), { recursive: true });
  writeFileSync(
    join(dir, 'amplify', 'functions', 'whoami', 'resource.ts'),
    `import { defineFunction } from '@aws-amplify/backend';\nexport const whoami = defineFunction({ name: 'whoami' });\n`,
  );
  writeFileSync(
    join(dir, 'amplify', 'functions', 'whoami', 'handler.ts'),
    'export const handler = async (event: any) => JSON.stringify(event.identity);\n',
  );
}

/** What a subscription emits, with a wait on it. */
function collect<T>() {
  const seen: T[] = [];
  const errors: unknown[] = [];
  return {
    seen,
    errors,
    observer: { next: (v: T) => void seen.push(v), error: (e: unknown) => void errors.push(e) },
    async until(pred: () => boolean, ms = 15_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out; seen ${JSON.stringify(seen)} errors ${JSON.stringify(errors)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of E2E_ENGINES) {
  const skipNote = engine.skip ? ` (skipped: ${engine.skip})` : '';
  describe.skipIf(Boolean(engine.skip))(`AppSync OIDC authorization through aws-amplify on ${engine.name}${skipNote}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `data-oidc-${randomBytes(4).toString('hex')}`);
    let idp: OidcProviderProcess;
    let strangerIdp: OidcProviderProcess;
    let app: AppBackend | undefined;
    let dataUrl: string;
    const tokens: Record<'alice' | 'bob' | 'carol', string> = { alice: '', bob: '', carol: '' };
    // the token the app's token provider hands to Amplify: who is "signed in" right now
    let current: string | undefined;
    const as = (token: string | undefined) => {
      current = token;
      return generateClient({ authMode: 'oidc' }) as any; // untyped: the app's Schema is not importable here
    };
    const raw = (authorization: string | undefined, query = '{ listBoards { items { id } } }') =>
      fetch(dataUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query }),
      });

    beforeAll(async () => {
      (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
      idp = await startOidcProvider({
        clients: [
          { clientId: CLIENT, redirectUris: [CALLBACK] },
          { clientId: OTHER_CLIENT, redirectUris: [CALLBACK] },
        ],
        accounts: {
          'sub-alice': { username: 'alice', groups: ['Admins'], user_id: 'uid-alice' },
          'sub-bob': { username: 'bob', user_id: 'uid-bob' },
          'sub-carol': { username: 'carol', groups: ['Editors'] },
        },
      });
      strangerIdp = await startOidcProvider({ clients: [{ clientId: CLIENT, redirectUris: [CALLBACK] }] });
      writeApp(dir, idp.issuer);
      app = await startAppBackend(dir, { engine: engine.name });
      dataUrl = app.backend.urls.data;
      const outputs = (await import(`${dir}/amplify_outputs.json`, { with: { type: 'json' } })).default;
      expect(outputs.data).toMatchObject({ default_authorization_type: 'OPENID_CONNECT', authorization_types: ['AWS_IAM'] });
      configureAmplify(outputs, {
        libraryOptions: { Auth: { tokenProvider: { getTokens: async () => (current ? { accessToken: decodeJWT(current) } : null) } } },
      });
      for (const who of ['alice', 'bob', 'carol'] as const)
        tokens[who] = (await idp.tokens({ clientId: CLIENT, sub: `sub-${who}` })).idToken;
    });

    afterAll(async () => {
      await app?.stop();
      await idp?.close();
      await strangerIdp?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the owner creates and reads a record; another subject neither reads nor changes it', async () => {
      const created = await as(tokens.alice).models.Note.create({ body: 'alice private' });
      expect(created.errors).toBeUndefined();
      expect(created.data).toMatchObject({ body: 'alice private', owner: 'alice' });
      const id = created.data.id;
      expect((await as(tokens.alice).models.Note.get({ id })).data?.body).toBe('alice private');

      const bob = as(tokens.bob);
      expect((await bob.models.Note.list()).data.map((n: { id: string }) => n.id)).not.toContain(id);
      const got = await bob.models.Note.get({ id });
      expect(got.data).toBeNull();
      expect(got.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
      const changed = await bob.models.Note.update({ id, body: 'bob was here' });
      expect(changed.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
      expect((await as(tokens.alice).models.Note.get({ id })).data?.body).toBe('alice private');
    });

    it("the docs' example: owner by a custom identity claim (user_id), others read only", async () => {
      const made = await as(tokens.alice).models.Todo.create({ content: 'ship it' });
      expect(made.errors).toBeUndefined();
      expect(made.data.owner).toBe('uid-alice');
      const bob = as(tokens.bob);
      expect((await bob.models.Todo.get({ id: made.data.id })).data?.content).toBe('ship it');
      const edit = await bob.models.Todo.update({ id: made.data.id, content: 'bob edit' });
      expect(edit.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
      expect((await as(tokens.alice).models.Todo.update({ id: made.data.id, content: 'shipped' })).data?.content).toBe('shipped');
    });

    it("a custom query's function receives AppSync's OIDC identity (claims, issuer, sub); a forged token never reaches it", async () => {
      const res = await as(tokens.carol).queries.whoami();
      expect(res.errors).toBeUndefined();
      const identity = JSON.parse(res.data);
      expect(identity).toMatchObject({
        sub: 'sub-carol',
        issuer: idp.issuer,
        claims: { sub: 'sub-carol', username: 'carol', aud: CLIENT },
      });
      const forged = await as(await idp.forge({ sub: 'sub-carol', aud: CLIENT })).queries.whoami();
      expect(forged.errors?.map((e: { message: string }) => e.message)).toEqual(['Unauthorized']);
    });

    it('allow.authenticated reads for any subject of the issuer; only the Admins group (groups claim) creates', async () => {
      const made = await as(tokens.alice).models.Board.create({ title: 'roadmap' });
      expect(made.errors).toBeUndefined();
      const listed = await as(tokens.bob).models.Board.list();
      expect(listed.errors).toBeUndefined();
      expect(listed.data.map((b: { title: string }) => b.title)).toContain('roadmap');
      const refused = await as(tokens.bob).models.Board.create({ title: 'bob board' });
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]).toMatchObject({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access createBoard on type Mutation',
      });
    });

    it('groupsDefinedIn: a record is read by the groups it names, not by others', async () => {
      const made = await as(tokens.alice).models.Doc.create({ title: 'style guide', teams: ['Editors'] });
      expect(made.errors).toBeUndefined();
      const carol = await as(tokens.carol).models.Doc.get({ id: made.data.id });
      expect(carol.data?.title).toBe('style guide');
      const bob = await as(tokens.bob).models.Doc.get({ id: made.data.id });
      expect(bob.data).toBeNull();
      expect(bob.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    });

    it("a subscription over the realtime socket delivers the owner's records to the owner only; a bad token is refused", async () => {
      const aliceSees = collect<{ body: string }>();
      const bobSees = collect<{ body: string }>();
      // live when each has seen a probe of its own (the client gives no "started" signal); one at a
      // time, because the client reads the token provider while it sets the subscription up
      const probe = async (who: 'alice' | 'bob', seen: ReturnType<typeof collect<{ body: string }>>) => {
        const deadline = Date.now() + 15_000;
        while (!seen.seen.some((n) => n.body === `${who}-probe`)) {
          if (Date.now() > deadline) throw new Error(`${who}'s subscription never went live: ${JSON.stringify(seen.errors)}`);
          await as(tokens[who]).models.Note.create({ body: `${who}-probe` });
          await sleep(400);
        }
      };
      const aliceSub = as(tokens.alice).models.Note.onCreate().subscribe(aliceSees.observer);
      await probe('alice', aliceSees);
      const bobSub = as(tokens.bob).models.Note.onCreate().subscribe(bobSees.observer);
      await probe('bob', bobSees);
      await as(tokens.alice).models.Note.create({ body: 'alice-secret' });
      await as(tokens.bob).models.Note.create({ body: 'bob-note' });
      await aliceSees.until(() => aliceSees.seen.some((n) => n.body === 'alice-secret'));
      await bobSees.until(() => bobSees.seen.some((n) => n.body === 'bob-note'));
      await sleep(300);
      expect(bobSees.seen.map((n) => n.body)).not.toContain('alice-secret');
      expect(aliceSees.seen.map((n) => n.body)).not.toContain('bob-note');

      const forged = collect<{ body: string }>();
      const forgedSub = as(await idp.forge({ sub: 'sub-alice', aud: CLIENT, username: 'alice' }))
        .models.Note.onCreate()
        .subscribe(forged.observer);
      await forged.until(() => forged.errors.length > 0);
      expect(JSON.stringify(forged.errors[0])).toMatch(/Unauthorized/);
      for (const s of [aliceSub, bobSub, forgedSub]) s.unsubscribe();
    });

    it("a realtime connection is acknowledged for a good token and refused at connection_init for a forged one or another client's", async () => {
      const connectWith = async (token: string) => {
        const url = new URL(dataUrl);
        const header = Buffer.from(JSON.stringify({ Authorization: token, host: url.host })).toString('base64url');
        const ws = new WebSocket(`ws://${url.host}${url.pathname}/realtime`, ['graphql-ws', `header-${header}`]);
        const first = new Promise<Record<string, unknown>>((resolve, reject) => {
          ws.on('message', (m) => resolve(JSON.parse(String(m))));
          ws.on('error', reject);
        });
        await new Promise((resolve) => ws.on('open', resolve));
        ws.send(JSON.stringify({ type: 'connection_init' }));
        const reply = await first;
        ws.terminate();
        return reply;
      };
      expect(await connectWith(tokens.carol)).toMatchObject({ type: 'connection_ack' });
      const forged = await idp.forge({ sub: 'sub-carol', aud: CLIENT, username: 'carol' });
      expect(await connectWith(forged)).toMatchObject({
        type: 'connection_error',
        payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] },
      });
      const wrongClient = (await idp.tokens({ clientId: OTHER_CLIENT, sub: 'sub-carol' })).idToken;
      expect(await connectWith(wrongClient)).toMatchObject({ type: 'connection_error' });
    });

    it('refuses a forged token, a token of another issuer, of another client, an expired one and none, with AppSync 401s', async () => {
      const otherClient = (await idp.tokens({ clientId: OTHER_CLIENT, sub: 'sub-alice' })).idToken;
      const otherIssuer = (await strangerIdp.tokens({ clientId: CLIENT, sub: 'sub-alice' })).idToken;
      const expiring = (await idp.tokens({ clientId: CLIENT, sub: 'sub-alice', idTokenTtlSeconds: 3 })).idToken;
      const forged = await idp.forge({ sub: 'sub-alice', aud: CLIENT, username: 'alice', groups: ['Admins'] });
      // the same token works before it expires
      expect((await raw(expiring)).status).toBe(200);
      await sleep(Number(decodeJWT(expiring).payload.exp) * 1000 - Date.now() + 1100);
      const cases: [string, string | undefined, string][] = [
        ['forged', forged, 'Unauthorized'],
        ['another issuer', otherIssuer, 'Unauthorized'],
        ['another client', otherClient, 'Unauthorized'],
        ['expired', expiring, 'Token has expired.'],
        ['Bearer-prefixed', `Bearer ${tokens.alice}`, 'Valid authorization header not provided.'],
        ['none', undefined, 'Valid authorization header not provided.'],
      ];
      for (const [what, token, message] of cases) {
        const res = await raw(token);
        expect([what, res.status, res.headers.get('x-amzn-errortype')]).toEqual([what, 401, 'UnauthorizedException']);
        expect([what, await res.json()]).toEqual([what, { errors: [{ errorType: 'UnauthorizedException', message }] }]);
      }
      // through the client, each is the Unauthorized error it reports for a 401
      for (const token of [forged, otherIssuer, otherClient, expiring]) {
        const listed = await as(token).models.Board.list();
        expect(listed.errors?.map((e: { message: string }) => e.message)).toEqual(['Unauthorized']);
      }
      // the server keeps serving the good token
      expect((await as(tokens.bob).models.Board.list()).errors).toBeUndefined();
    });
  });
}
