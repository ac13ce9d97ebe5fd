/**
 * A realistic multi-model app end to end: examples/blog (authors, posts, comments, tags; owner,
 * group and public-read rules, a secondary index, a custom query backed by a function) under
 * `hearth sandbox`, driven through `client.models`, `client.queries` and subscriptions of the
 * unmodified aws-amplify v6 client, on SQLite and on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignUp, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { configureAmplify } from '../../src/client/index.js';
import { copyExample } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const PASSWORD = 'Correct-horse-9';

// Node 20 has no global WebSocket; the client builds its realtime socket through the global at run time
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

type Client = any;

/** What a subscription delivers, and a wait for a condition on it (10 s at most). */
function collect<T>(observable: { subscribe(o: object): { unsubscribe(): void } }) {
  const seen: T[] = [];
  const errors: unknown[] = [];
  const sub = observable.subscribe({ next: (v: T) => seen.push(v), error: (e: unknown) => errors.push(e) });
  return {
    seen,
    stop: () => sub.unsubscribe(),
    async until(pred: () => boolean) {
      for (let i = 0; i < 100 && !pred(); i++) {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors[0])}`);
        await settle(100);
      }
      if (!pred()) throw new Error(`timed out; seen ${JSON.stringify(seen)}`);
    },
  };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of E2E_ENGINES) {
  const title = `blog app on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let app: ReturnType<typeof copyExample>;
    let sandbox: SandboxProcess;
    let port: number;
    let db: Awaited<ReturnType<typeof databaseFor>> | undefined;
    const run = Date.now().toString(36);
    const alice = `alice-${run}@example.com`;
    const bob = `bob-${run}@example.com`;
    const erin = `erin-${run}@example.com`;
    const ids: { author?: string; published?: string; draft?: string; old?: string } = {};

    const publicClient = (): Client => generateClient({ authMode: 'apiKey' });
    const userClient = (): Client => generateClient({ authMode: 'userPool' });

    const codeFor = (to: string) => latestCode(port, to);
    const signUpAndSignIn = async (email: string) => {
      await signOut();
      await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
      await confirmSignUp({ username: email, confirmationCode: await codeFor(email) });
      await signIn({ username: email, password: PASSWORD });
      return getCurrentUser();
    };

    beforeAll(async () => {
      app = copyExample('blog');
      db = await databaseFor(engine.name);
      port = await freePort();
      sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl: db?.url });
      configureAmplify(JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8')));
    });

    afterAll(async () => {
      await signOut().catch(() => {});
      await sandbox?.stop();
      await db?.drop();
      app?.remove();
    });

    it('lets an author create an author profile and posts, owned by them', async () => {
      const me = await signUpAndSignIn(alice);
      const client = userClient();
      const author = await client.models.Author.create({ name: 'Alice', bio: 'writes' });
      expect(author.errors).toBeUndefined();
      expect(author.data.owner).toBe(me.username);
      ids.author = author.data.id;
      const make = (title: string, status: string, publishedAt?: string) =>
        client.models.Post.create({ title, body: `${title} has four words`, status, publishedAt, authorId: ids.author });
      const [published, draft, old] = await Promise.all([
        make('Hello world', 'PUBLISHED', '2026-11-02T10:00:00.000Z'),
        make('Not yet', 'DRAFT'),
        make('Older news', 'PUBLISHED', '2026-10-01T10:00:00.000Z'),
      ]);
      for (const r of [published, draft, old]) expect(r.errors).toBeUndefined();
      Object.assign(ids, { published: published.data.id, draft: draft.data.id, old: old.data.id });
      expect(published.data.owner).toBe(me.username);
    });

    it('serves public reads with the API key, and refuses public writes', async () => {
      const client = publicClient();
      const { data, errors } = await client.models.Post.list();
      expect(errors).toBeUndefined();
      expect(data.map((p: { title: string }) => p.title).sort()).toEqual(['Hello world', 'Not yet', 'Older news']);
      const write = await client.models.Post.create({ title: 'spam', status: 'DRAFT' });
      expect(write.data).toBeNull();
      expect(write.errors?.[0]?.errorType).toBe('Unauthorized');
    });

    it('queries the status index in both directions with a key condition', async () => {
      const client = publicClient();
      const desc = await client.models.Post.listPostsByStatus({ status: 'PUBLISHED' }, { sortDirection: 'DESC' });
      expect(desc.errors).toBeUndefined();
      expect(desc.data.map((p: { title: string }) => p.title)).toEqual(['Hello world', 'Older news']);
      const asc = await client.models.Post.listPostsByStatus({ status: 'PUBLISHED' }, { sortDirection: 'ASC' });
      expect(asc.data.map((p: { title: string }) => p.title)).toEqual(['Older news', 'Hello world']);
      const recent = await client.models.Post.listPostsByStatus({
        status: 'PUBLISHED',
        publishedAt: { gt: '2026-11-01T00:00:00.000Z' },
      });
      expect(recent.data.map((p: { title: string }) => p.title)).toEqual(['Hello world']);
    });

    it('keeps other users from changing a post, but lets them comment', async () => {
      await signUpAndSignIn(bob);
      const client = userClient();
      const hijack = await client.models.Post.update({ id: ids.published, title: 'mine now' });
      expect(hijack.errors?.[0]?.errorType).toBe('Unauthorized');
      const comment = await client.models.Comment.create({ postId: ids.published, content: 'Nice post' });
      expect(comment.errors).toBeUndefined();
      const again = await publicClient().models.Post.get({ id: ids.published });
      expect(again.data.title).toBe('Hello world');
    });

    it('resolves relationships: nested selection in one request and the lazy loaders', async () => {
      const client = publicClient();
      const { data: post, errors } = await client.models.Post.get(
        { id: ids.published },
        { selectionSet: ['id', 'title', 'author.name', 'comments.content'] },
      );
      expect(errors).toBeUndefined();
      expect(post.author.name).toBe('Alice');
      expect(post.comments.map((c: { content: string }) => c.content)).toEqual(['Nice post']);
      const { data: author } = await client.models.Author.get({ id: ids.author });
      const { data: posts } = await author.posts();
      expect(posts).toHaveLength(3);
      const { data: comments } = await (await client.models.Post.get({ id: ids.published })).data.comments();
      const { data: parent } = await comments[0].post();
      expect(parent.id).toBe(ids.published);
    });

    it('answers the custom query from its function, which reads the data API itself', async () => {
      const { data, errors } = await publicClient().queries.wordCount({ postId: ids.published });
      expect(errors).toBeUndefined();
      expect(data).toEqual({ postId: ids.published, title: 'Hello world', words: 5 });
      const missing = await publicClient().queries.wordCount({ postId: 'no-such-post' });
      expect(missing.errors?.[0]?.message).toContain('not found');
    });

    it('delivers subscription events to subscribers whose filter matches', async () => {
      await signOut();
      await signIn({ username: alice, password: PASSWORD });
      const published = collect<{ title: string }>(publicClient().models.Post.onCreate({ filter: { status: { eq: 'PUBLISHED' } } }));
      const client = userClient();
      const titles = () => published.seen.map((p) => p.title);
      // the client gives no "subscription started" signal: publish a probe until one arrives
      for (let i = 0; !titles().includes('probe'); i++) {
        if (i === 20) throw new Error('the subscription never went live');
        await client.models.Post.create({ title: 'probe', status: 'PUBLISHED' });
        await settle(300);
      }
      await client.models.Post.create({ title: 'Quiet draft', status: 'DRAFT' });
      await client.models.Post.create({ title: 'Big news', status: 'PUBLISHED', publishedAt: '2026-11-20T00:00:00.000Z' });
      await published.until(() => titles().includes('Big news'));
      await settle(200);
      published.stop();
      expect(titles().filter((t) => t !== 'probe')).toEqual(['Big news']);
    });

    it('keeps observeQuery in sync as comments arrive', async () => {
      const snapshots: { items: { content: string }[]; isSynced: boolean }[] = [];
      const sub = publicClient()
        .models.Comment.observeQuery({ filter: { postId: { eq: ids.published } } })
        .subscribe({ next: (s: (typeof snapshots)[number]) => snapshots.push(s) });
      const waitFor = async (pred: () => boolean) => {
        for (let i = 0; i < 100 && !pred(); i++) await settle(100);
        return pred();
      };
      expect(await waitFor(() => snapshots.some((s) => s.isSynced))).toBe(true);
      expect(snapshots.find((s) => s.isSynced)?.items.map((c) => c.content)).toEqual(['Nice post']);
      // observeQuery lists while its subscriptions start; give them a moment before writing
      await settle(1000);
      await userClient().models.Comment.create({ postId: ids.published, content: 'Thanks!' });
      expect(await waitFor(() => snapshots.at(-1)?.items.length === 2)).toBe(true);
      sub.unsubscribe();
    });

    it('lets an editor that an admin script put in EDITORS edit any post and tag it', async () => {
      const me = await signUpAndSignIn(erin);
      const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
      const credentials = JSON.parse(readFileSync(join(app.dir, '.amplify/hearth/admin-credentials.json'), 'utf8'));
      const admin = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        endpoint: outputs.custom.hearth.userPoolEndpoint,
        credentials,
      });
      await admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: outputs.auth.user_pool_id, Username: me.username, GroupName: 'EDITORS' }),
      );
      const before = await userClient().models.Tag.create({ name: 'news' });
      expect(before.errors?.[0]?.errorType).toBe('Unauthorized');
      await signOut();
      await signIn({ username: erin, password: PASSWORD }); // a new token, with cognito:groups
      const client = userClient();
      const edited = await client.models.Post.update({ id: ids.published, title: 'Hello, world' });
      expect(edited.errors).toBeUndefined();
      expect(edited.data.title).toBe('Hello, world');
      expect((await client.models.Tag.create({ name: 'news' })).errors).toBeUndefined();
      expect((await client.models.PostTag.create({ postId: ids.published, tagName: 'news' })).errors).toBeUndefined();
      const { data: post } = await publicClient().models.Post.get({ id: ids.published }, { selectionSet: ['title', 'tags.tag.name'] });
      expect(post.title).toBe('Hello, world');
      expect(post.tags.map((t: { tag: { name: string } }) => t.tag.name)).toEqual(['news']);
    });
  });
}
