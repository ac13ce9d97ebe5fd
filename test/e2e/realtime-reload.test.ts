/**
 * Realtime across a sandbox reload: a reload that leaves the data schema alone keeps
 * subscriptions running; a schema change closes connections with 1012 so clients reconnect and
 * re-subscribe under the new schema (the Amplify client does that by itself).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';

function writeSchema(dir: string, fields: string): void {
  mkdirSync(join(dir, 'amplify', 'data'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"realtime-reload","type":"module"}');
  writeFileSync(
    join(dir, 'amplify', 'backend.ts'),
    `import { defineBackend } from '@aws-amplify/backend';\nimport { data } from './data/resource';\ndefineBackend({ data });\n`,
  );
  writeFileSync(
    join(dir, 'amplify', 'data', 'resource.ts'),
    `import { a, defineData } from '@aws-amplify/backend';
const schema = a.schema({ Todo: a.model({ ${fields} }).authorization((allow) => [allow.publicApiKey()]) });
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } } });
`,
  );
}

describe('realtime across sandbox reloads', () => {
  const dir = join(repoRoot, 'test-artifacts', `realtime-reload-${randomBytes(4).toString('hex')}`);
  let backend: RunningBackend;
  let apiKey: string;

  beforeAll(async () => {
    writeSchema(dir, 'content: a.string()');
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    apiKey = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).data.api_key;
  });

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function subscribed() {
    const host = new URL(backend.urls.data).host;
    const header = Buffer.from(JSON.stringify({ host, 'x-api-key': apiKey })).toString('base64url');
    const ws = new WebSocket(`${backend.urls.data.replace('http', 'ws')}/realtime`, ['graphql-ws', `header-${header}`]);
    const contents: string[] = [];
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        const data = JSON.stringify({ query: 'subscription { onCreateTodo { content } }', variables: {} });
        if (m.type === 'connection_ack')
          ws.send(
            JSON.stringify({ id: '1', type: 'start', payload: { data, extensions: { authorization: { host, 'x-api-key': apiKey } } } }),
          );
        if (m.type === 'start_ack') resolve();
        if (m.type === 'data') contents.push(m.payload.data.onCreateTodo.content);
      });
    });
    return { ws, contents, closed };
  }

  const create = (content: string) =>
    fetch(backend.urls.data, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: 'mutation ($i: CreateTodoInput!) { createTodo(input: $i) { id } }', variables: { i: { content } } }),
    });

  it('keeps subscriptions through a reload without data changes, closes them (1012) on a schema change', async () => {
    const s = await subscribed();
    await backend.reload();
    await create('after-plain-reload');
    const deadline = Date.now() + 5000;
    while (s.contents.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.contents).toEqual(['after-plain-reload']);
    writeSchema(dir, 'content: a.string(), done: a.boolean()');
    await backend.reload();
    expect(await s.closed).toBe(1012);
    // a new connection works under the new schema
    const again = await subscribed();
    await create('after-schema-change');
    while (again.contents.length === 0 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
    expect(again.contents).toEqual(['after-schema-change']);
    again.ws.close();
  });
});
