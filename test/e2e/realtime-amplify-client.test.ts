/**
 * Subscriptions end to end with the unmodified aws-amplify v6 client in Node 20, against the real
 * backend (startBackend in-process, port 0), on SQLite and PostgreSQL.
 *
 * Which wss:// path this exercises: Amplify asks for `wss://127.0.0.1:<port>/graphql/realtime`;
 * `configureAmplify` (hearth/client) wraps globalThis.WebSocket so that URL opens as `ws://` on the
 * plain-HTTP sandbox port (the rewrite path, not TLS). The `ws` package is the global WebSocket,
 * as a Node 20 app must install one.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignUp, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningBackend } from '../../src/server/start-backend.js';
import { type AppBackend, startAppBackend } from '../support/app-backend.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { pgUrl } from '../support/pg-schema.js';

const PASSWORD = 'Correct-horse-9';

function writeApp(dir: string): void {
  writeDataApp(dir, {
    name: 'realtime-app',
    auth: true,
    models: `Todo: a.model({ content: a.string(), priority: a.integer() }).authorization((allow) => [allow.publicApiKey()]),
  Note: a.model({ body: a.string() }).authorization((allow) => [allow.owner()]),`,
    authorizationModes: "{ defaultAuthorizationMode: 'userPool', apiKeyAuthorizationMode: { expiresInDays: 30 } }",
  });
}

/** Collects what a subscription emits; `until` waits for a predicate over everything seen so far. */
function collect<T>() {
  const seen: T[] = [];
  const errors: unknown[] = [];
  const c = {
    seen,
    errors,
    /** values this subscriber's own probes produced: once live, late ones are dropped (see `live`) */
    isProbe: (_v: T) => false,
    observer: { next: (v: T) => void (c.isProbe(v) ? undefined : seen.push(v)), error: (e: unknown) => errors.push(e) },
    async until(pred: (all: T[]) => boolean, ms = 15_000): Promise<T[]> {
      const deadline = Date.now() + ms;
      while (!pred(seen)) {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors[0])}`);
        if (Date.now() > deadline) throw new Error(`timed out; seen ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return seen;
    },
  };
  return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The client gives no "subscription started" signal, so write a probe record every 400 ms until
 * the subscription reports one: from then on it is live. Probes are then forgotten, and probes that
 * arrive late (a slow machine) are dropped, so assertions see only what the test wrote after.
 */
async function live<T>(got: ReturnType<typeof collect<T>>, probe: () => Promise<unknown>, isProbe: (v: T) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!got.seen.some(isProbe)) {
    if (Date.now() > deadline) throw new Error('the subscription never went live');
    await probe();
    await sleep(400);
  }
  got.isProbe = isProbe;
  got.seen.length = 0;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && !pgUrl ? 'HEARTH_TEST_DATABASE_URL is not set' : undefined;
  describe.skipIf(Boolean(skip))(`realtime subscriptions with aws-amplify on ${engine}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `realtime-${randomBytes(4).toString('hex')}`);
    let backend: RunningBackend;
    let app: AppBackend | undefined;
    const run = randomBytes(3).toString('hex');
    const alice = `alice-${run}@example.com`;
    const bob = `bob-${run}@example.com`;
    // untyped, as in user-profile.test.ts: the app's Schema type is not importable from a temp dir
    const todos = (): any => (generateClient({ authMode: 'apiKey' }) as any).models.Todo;
    const notes = (): any => (generateClient({ authMode: 'userPool' }) as any).models.Note;

    const signUpAndConfirm = async (email: string) => {
      await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
      const mail = await backend.db.mail.byRecipient(email);
      const code = /(\d{6})/.exec(mail.at(-1)?.text ?? '')?.[1];
      if (!code) throw new Error(`no code mailed to ${email}`);
      await confirmSignUp({ username: email, confirmationCode: code });
    };

    beforeAll(async () => {
      (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
      writeApp(dir);
      app = await startAppBackend(dir, { engine, mailbox: true });
      backend = app.backend;
      await signUpAndConfirm(alice);
      await signUpAndConfirm(bob);
    });

    afterAll(async () => {
      await signOut().catch(() => {});
      await app?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('onCreate with a filter delivers only matching records, as typed model objects', async () => {
      const got = collect<{ content: string; priority: number; id: string }>();
      const sub = todos()
        .onCreate({ filter: { priority: { gt: 1 } } })
        .subscribe(got.observer);
      await live(
        got,
        () => todos().create({ content: 'probe', priority: 9 }),
        (t) => t.content === 'probe',
      );
      await todos().create({ content: 'low', priority: 1 });
      await todos().create({ content: 'high', priority: 2 });
      await got.until((s) => s.length >= 1);
      await sleep(200);
      sub.unsubscribe();
      expect(got.seen.map((t) => t.content)).toEqual(['high']);
      expect(got.seen[0]).toMatchObject({ priority: 2, id: expect.any(String) });
    });

    it('onUpdate and onDelete carry the changed and the deleted record', async () => {
      const updates = collect<{ id: string; content: string }>();
      const deletes = collect<{ id: string; content?: string }>();
      const u = todos().onUpdate().subscribe(updates.observer);
      const d = todos().onDelete().subscribe(deletes.observer);
      const probe = async () => {
        const { data } = await todos().create({ content: 'probe', priority: 0 });
        await todos().update({ id: data.id, content: 'probe' });
        await todos().delete({ id: data.id });
      };
      await live(updates, probe, (x) => x.content === 'probe');
      await live(
        deletes,
        async () => {},
        (x) => (x as { content?: string }).content === 'probe',
      );
      const { data: t } = await todos().create({ content: 'draft', priority: 1 });
      await todos().update({ id: t.id, content: 'final' });
      await todos().delete({ id: t.id });
      await updates.until((s) => s.some((x) => x.id === t.id));
      await deletes.until((s) => s.some((x) => x.id === t.id));
      u.unsubscribe();
      d.unsubscribe();
      expect(updates.seen.find((x) => x.id === t.id)?.content).toBe('final');
    });

    it("an owner-scoped model: user B never receives user A's records", async () => {
      await signIn({ username: bob, password: PASSWORD });
      const bobSees = collect<{ body: string; owner: string }>();
      const bobSub = notes().onCreate().subscribe(bobSees.observer);
      await live(
        bobSees,
        () => notes().create({ body: 'bob-probe' }),
        (n) => n.body === 'bob-probe',
      );
      await notes().create({ body: 'bob-1' });
      await bobSees.until((s) => s.some((n) => n.body === 'bob-1'));
      await signOut();

      await signIn({ username: alice, password: PASSWORD });
      const aliceSees = collect<{ body: string; owner: string }>();
      const aliceSub = notes().onCreate().subscribe(aliceSees.observer);
      await live(
        aliceSees,
        () => notes().create({ body: 'alice-probe' }),
        (n) => n.body === 'alice-probe',
      );
      await notes().create({ body: 'alice-1' });
      await aliceSees.until((s) => s.some((n) => n.body === 'alice-1'));
      await sleep(300);
      aliceSub.unsubscribe();
      bobSub.unsubscribe();
      expect(bobSees.seen.map((n) => n.body)).toEqual(['bob-1']);
      expect(aliceSees.seen.map((n) => n.body)).toEqual(['alice-1']);
      // the owner is read back without the `sub::` prefix
      expect(aliceSees.seen[0]?.owner).not.toContain('::');
    });

    it('observeQuery reaches a synced state with the existing items, then follows a create', async () => {
      const snapshots = collect<{ items: { content: string }[]; isSynced: boolean }>();
      const sub = todos().observeQuery().subscribe(snapshots.observer);
      const synced = await snapshots.until((s) => s.some((x) => x.isSynced));
      const first = synced.find((x) => x.isSynced);
      expect(first?.items.map((i) => i.content)).toContain('high');
      await todos().create({ content: 'observed', priority: 3 });
      await snapshots.until((s) => s.at(-1)?.items.some((i) => i.content === 'observed') ?? false);
      sub.unsubscribe();
    });
  });
}
