import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { silentLogger } from '../util/logger.js';
import { createApp } from './create-app.js';
import { type HearthServer, startHttpServer } from './http-server.js';

const httpsGet = (url: string, ca?: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, ca ? { ca } : { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

describe('one port for HTTP and TLS', () => {
  let dir: string;
  let http: HearthServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-tls-'));
    const app = createApp({
      appsyncError: () => ({ status: 500, headers: {}, body: '' }),
      cognitoError: () => ({ status: 500, headers: {}, body: '' }),
    });
    http = await startHttpServer({ host: '127.0.0.1', port: 0, app, logger: silentLogger, tlsCertDir: join(dir, 'tls') });
    http.setUpgrade((req, socket, head) => {
      // echo server standing in for the realtime endpoint
      void import('ws').then(({ WebSocketServer }) => {
        const wss = new WebSocketServer({ noServer: true });
        wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (m) => ws.send(`echo:${m}`)));
      });
    });
  });
  afterAll(async () => {
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves plain HTTP as before', async () => {
    const res = await fetch(`http://127.0.0.1:${http.port}/_hearth/health`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers TLS on the same port with a certificate for 127.0.0.1 kept under the cert dir', async () => {
    expect((await httpsGet(`https://127.0.0.1:${http.port}/_hearth/health`)).body).toBe('{"ok":true}');
    const cert = readFileSync(join(dir, 'tls', 'localhost-cert.pem'), 'utf8');
    // trusted explicitly, the saved certificate verifies for the address (its SAN)
    expect(await httpsGet(`https://127.0.0.1:${http.port}/_hearth/health`, cert)).toEqual({ status: 200, body: '{"ok":true}' });
  });

  it('carries WebSocket upgrades over TLS (wss://)', async () => {
    const cert = readFileSync(join(dir, 'tls', 'localhost-cert.pem'), 'utf8');
    const ws = new WebSocket(`wss://127.0.0.1:${http.port}/graphql/realtime`, { ca: cert });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hi'));
      ws.on('message', (m) => resolve(m.toString()));
      ws.on('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo:hi');
  });
});
