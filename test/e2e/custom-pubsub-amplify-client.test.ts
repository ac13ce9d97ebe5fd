/**
 * Amplify's documented custom pub/sub pattern end to end with the unmodified aws-amplify v6 client
 * in Node 20: `publish` is an a.handler.custom mutation on the NONE data source, `receive` a
 * custom subscription whose resolver sets an enhanced filter (channelName beginsWith namePrefix).
 * The real backend runs in-process (port 0) on SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type AppBackend, startAppBackend } from '../support/app-backend.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { pgUrl } from '../support/pg-schema.js';

function writeApp(dir: string): void {
  writeDataApp(dir, {
    name: 'custom-pubsub-app',
    models: `Message: a.customType({ content: a.string().required(), channelName: a.string().required() }),
  publish: a.mutation()
    .arguments({ channelName: a.string().required(), content: a.string().required() })
    .returns(a.ref('Message'))
    .handler(a.handler.custom({ entry: './publish.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
  receive: a.subscription()
    .for(a.ref('publish'))
    .arguments({ namePrefix: a.string() })
    .handler(a.handler.custom({ entry: './receive.js' }))
    .authorization((allow) => [allow.publicApiKey()]),`,
  });
  // the resolver files exactly as Amplify's docs write them
  writeFileSync(
    join(dir, 'amplify', 'data', 'publish.js'),
    `export function request(ctx) {
  return { payload: { content: ctx.arguments.content, channelName: ctx.arguments.channelName } };
}
export function response(ctx) {
  return ctx.result;
}
`,
  );
  writeFileSync(
    join(dir, 'amplify', 'data', 'receive.js'),
    `import { util, extensions } from '@aws-appsync/utils';
export function request() {
  return {};
}
export const response = (ctx) => {
  const filter = { channelName: { beginsWith: ctx.arguments.namePrefix } };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
};
`,
  );
}

type Message = { content: string; channelName: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && !pgUrl ? 'HEARTH_TEST_DATABASE_URL is not set' : undefined;
  describe.skipIf(Boolean(skip))(`custom pub/sub with aws-amplify on ${engine}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `custom-pubsub-${randomBytes(4).toString('hex')}`);
    let app: AppBackend | undefined;
    // untyped: the app's Schema type is not importable from a temp dir
    const client = (): any => generateClient({ authMode: 'apiKey' });

    beforeAll(async () => {
      (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
      writeApp(dir);
      app = await startAppBackend(dir, { engine });
    });

    afterAll(async () => {
      await app?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('client.mutations.publish returns the NONE data source payload', async () => {
      const { data, errors } = await client().mutations.publish({ channelName: 'news', content: 'hello' });
      expect(errors).toBeUndefined();
      expect(data).toEqual({ channelName: 'news', content: 'hello' });
    });

    it('client.subscriptions.receive({ namePrefix }) delivers only messages on matching channels', async () => {
      const seen: Message[] = [];
      const failures: unknown[] = [];
      let probes = false;
      const sub = client()
        .subscriptions.receive({ namePrefix: 'sports' })
        .subscribe({
          next: (m: Message) => void (probes && m.content === 'probe' ? undefined : seen.push(m)),
          error: (e: unknown) => failures.push(e),
        });
      // the client gives no "started" signal: publish matching probes until one arrives
      const deadline = Date.now() + 15_000;
      while (!seen.some((m) => m.content === 'probe')) {
        if (failures.length) throw new Error(`subscription failed: ${JSON.stringify(failures[0])}`);
        if (Date.now() > deadline) throw new Error('the subscription never went live');
        await client().mutations.publish({ channelName: 'sports/probe', content: 'probe' });
        await sleep(400);
      }
      probes = true; // late probes are dropped from here on
      seen.length = 0;
      await client().mutations.publish({ channelName: 'weather', content: 'rain' });
      await client().mutations.publish({ channelName: 'sports/football', content: 'goal' });
      await client().mutations.publish({ channelName: 'xsports', content: 'not a prefix' });
      await client().mutations.publish({ channelName: 'sports', content: 'final whistle' });
      const until = Date.now() + 10_000;
      while (seen.length < 2 && Date.now() < until) await sleep(25);
      await sleep(300);
      sub.unsubscribe();
      expect(failures).toEqual([]);
      expect(seen).toEqual([
        { channelName: 'sports/football', content: 'goal' },
        { channelName: 'sports', content: 'final whistle' },
      ]);
    });
  });
}
