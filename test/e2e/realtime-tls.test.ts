/**
 * The other wss:// path: aws-amplify opens `wss://127.0.0.1:<port>/graphql/realtime` for real
 * (configureAmplify's rewrite turned off) and the sandbox answers TLS on its HTTP port with its
 * self-signed certificate from .amplify/hearth/tls/, which this Node client trusts through `ca`
 * (a browser would need the certificate accepted once). SQLite only: storage plays no part here.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';

function writeApp(dir: string): void {
  writeDataApp(dir, {
    name: 'realtime-tls',
    models: 'Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()])',
  });
}

describe('realtime over TLS on the sandbox port, with aws-amplify', () => {
  const dir = join(repoRoot, 'test-artifacts', `realtime-tls-${randomBytes(4).toString('hex')}`);
  let backend: RunningBackend;
  const urls: string[] = [];

  beforeAll(async () => {
    writeApp(dir);
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    // the first TLS connection makes the certificate; then trust exactly that one
    await new Promise<void>((resolve, reject) => {
      get(`https://127.0.0.1:${new URL(backend.urls.base).port}/_hearth/health`, { rejectUnauthorized: false }, (r) =>
        r.resume().on('end', resolve),
      ).on('error', reject);
    });
    const ca = readFileSync(join(dir, '.amplify', 'hearth', 'tls', 'localhost-cert.pem'), 'utf8');
    (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        urls.push(String(url));
        super(url, protocols, { ca });
      }
    };
    const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
    configureAmplify(outputs, { plainRealtimeSocket: false });
  });

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('onCreate is delivered over wss://', async () => {
    const todos = (generateClient({ authMode: 'apiKey' }) as any).models.Todo;
    const seen: string[] = [];
    const errors: unknown[] = [];
    const sub = todos
      .onCreate()
      .subscribe({ next: (t: { content: string }) => seen.push(t.content), error: (e: unknown) => errors.push(e) });
    const deadline = Date.now() + 15_000;
    // no "started" signal from the client: write until one arrives
    while (seen.length === 0) {
      if (errors.length || Date.now() > deadline) throw new Error(`no delivery: ${JSON.stringify(errors)}`);
      await todos.create({ content: 'over-tls' });
      await new Promise((r) => setTimeout(r, 400));
    }
    sub.unsubscribe();
    expect(seen[0]).toBe('over-tls');
    expect(urls[0]).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/graphql\/realtime$/);
  });
});
