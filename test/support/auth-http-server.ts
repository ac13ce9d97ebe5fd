/** A node:http server on port 0 that feeds requests to the Cognito and identity pool handlers (told apart by x-amz-target, as one URL serves both). */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthService } from '../../src/auth/index.js';
import { createCognitoIdpHandler } from '../../src/protocols/cognito/index.js';
import { createIdentityPoolHandler } from '../../src/protocols/identity/index.js';
import type { HttpRequest } from '../../src/util/http.js';

async function toHttpRequest(req: IncomingMessage): Promise<HttpRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path, query, headers, body: Buffer.concat(chunks).toString('utf8') };
}

export interface AuthHttpServer {
  url: string;
  /** every x-amz-target received, in order */
  targets: string[];
  close(): Promise<void>;
}

export async function startAuthHttpServer(auth: AuthService): Promise<AuthHttpServer> {
  const idp = createCognitoIdpHandler(auth);
  const identity = createIdentityPoolHandler(auth);
  const targets: string[] = [];
  const server = createServer(async (req, res) => {
    const request = await toHttpRequest(req);
    const target = request.headers['x-amz-target'] ?? '';
    targets.push(target);
    const handler = target.startsWith('AWSCognitoIdentityService.') ? identity : idp;
    const r = await handler(request);
    res.writeHead(r.status, r.headers).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    targets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The real AWS SDK Cognito client aimed at a test server: no credentials needed, one attempt per call. */
export function cognitoSdkClient(server: Pick<AuthHttpServer, 'url'>): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
}
