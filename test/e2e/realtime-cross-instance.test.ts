/**
 * Two Hearth instances on one PostgreSQL database (as behind a load balancer): a mutation on one
 * reaches a subscriber on the other through LISTEN/NOTIFY, rows too big for a NOTIFY payload
 * included, and the writer's own subscribers get each change exactly once.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { subscribeTodos as subscribe } from '../support/multi-instance-app.js';
import { createPgSchema, pgUrl } from '../support/pg-schema.js';

const skip = pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set';

function writeApp(dir: string): void {
  writeDataApp(dir, {
    name: 'cross-instance',
    models: 'Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()])',
  });
}

describe.skipIf(Boolean(skip))(`realtime across two instances on postgres${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = join(repoRoot, 'test-artifacts', `cross-${randomBytes(4).toString('hex')}`);
  let a: RunningBackend;
  let b: RunningBackend;
  let drop: () => Promise<void>;
  let apiKey: string;

  beforeAll(async () => {
    writeApp(dir);
    const s = await createPgSchema(pgUrl as string);
    drop = s.drop;
    const common = { projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: false, logger: silentLogger, databaseUrl: s.url };
    a = await startBackend({ ...common, outputsDir: join(dir, 'a') });
    b = await startBackend({ ...common, outputsDir: join(dir, 'b') });
    apiKey = JSON.parse(readFileSync(join(dir, 'a', 'amplify_outputs.json'), 'utf8')).data.api_key;
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (content: string) => {
    const res = await fetch(a.urls.data, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({
        query: 'mutation ($input: CreateTodoInput!) { createTodo(input: $input) { id } }',
        variables: { input: { content } },
      }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  };

  const until = async (pred: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('a create on instance A reaches subscribers on A and on B, once each, large rows too', async () => {
    const onA = await subscribe(a.urls.data, apiKey);
    const onB = await subscribe(b.urls.data, apiKey);
    const big = 'x'.repeat(20_000); // far over PostgreSQL's 8000-byte NOTIFY limit
    await create('small');
    await create(big);
    await until(() => onB.contents.length >= 2 && onA.contents.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(onB.contents).toEqual(['small', big]);
    expect(onA.contents).toEqual(['small', big]);
    onA.close();
    onB.close();
  });
});
