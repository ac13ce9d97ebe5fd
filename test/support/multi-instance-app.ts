/**
 * The app and the wire helpers of the multi-instance test: email sign-in with a post-confirmation
 * trigger that appends the user's name to a file (so runs can be counted across instances), a
 * public Todo model (subscriptions) and a signed-in-only Note model (access token checks).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WebSocket } from 'ws';
import { formatSrpTimestamp } from '../../src/auth/srp-timestamp.js';
import { clientSignature, clientStart } from './srp-client.js';

export function writeMultiInstanceApp(dir: string, runLog: string): void {
  const files: Record<string, string> = {
    'package.json': '{"name":"multi-instance-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
defineBackend({ auth, data });
`,
    'amplify/auth/resource.ts': `import { defineAuth, defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'post-confirmation', entry: './post-confirmation.ts', environment: { RUN_LOG: ${JSON.stringify(runLog)} } });
export const auth = defineAuth({
  loginWith: { email: { verificationEmailBody: (createCode) => \`Your code is \${createCode()}\` } },
  senders: { email: { fromEmail: 'hello@multi.example' } },
  triggers: { postConfirmation },
});
`,
    'amplify/auth/post-confirmation.ts': `import { appendFileSync } from 'node:fs';
export const handler = async (event: { userName: string }) => {
  appendFileSync(process.env.RUN_LOG as string, \`\${event.userName}\\n\`);
  return event;
};
`,
    'amplify/data/resource.ts': `import { a, defineData } from '@aws-amplify/backend';
const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
  Note: a.model({ text: a.string() }).authorization((allow) => [allow.authenticated()]),
});
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } } });
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export type CognitoAnswer = { status: number; body: Record<string, any> };

/** One Cognito JSON call, as the client sends it. */
export async function cognito(url: string, target: string, body: object, headers: Record<string, string> = {}): Promise<CognitoAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** SRP sign-in with its two steps on two instances: InitiateAuth on `first`, RespondToAuthChallenge on `second`. */
export async function srpSignIn(o: {
  first: string;
  second: string;
  clientId: string;
  userPoolId: string;
  username: string;
  password: string;
}): Promise<CognitoAnswer> {
  const { a, srpA } = clientStart();
  const init = await cognito(o.first, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: o.clientId,
    AuthParameters: { USERNAME: o.username, SRP_A: srpA },
  });
  if (init.status !== 200) return init;
  const p = init.body.ChallengeParameters as Record<string, string>;
  const timestamp = formatSrpTimestamp(Date.now());
  const signature = clientSignature({
    a,
    srpA,
    poolName: o.userPoolId.split('_')[1] as string,
    userIdForSrp: p.USER_ID_FOR_SRP as string,
    password: o.password,
    salt: p.SALT as string,
    srpB: p.SRP_B as string,
    secretBlock: p.SECRET_BLOCK as string,
    timestamp,
  });
  return cognito(o.second, 'RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: o.clientId,
    ChallengeResponses: {
      USERNAME: p.USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  });
}

/** Subscribes to onCreateTodo over one instance's realtime socket; resolves once the start is acknowledged. */
export async function subscribeTodos(dataUrl: string, apiKey: string): Promise<{ contents: string[]; close(): void }> {
  const host = new URL(dataUrl).host;
  const auth = { host, 'x-api-key': apiKey };
  const header = Buffer.from(JSON.stringify(auth)).toString('base64url');
  const ws = new WebSocket(`${dataUrl.replace('http', 'ws')}/realtime`, ['graphql-ws', `header-${header}`]);
  const contents: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'connection_ack') {
        const data = JSON.stringify({ query: 'subscription { onCreateTodo { content } }', variables: {} });
        ws.send(JSON.stringify({ id: 's', type: 'start', payload: { data, extensions: { authorization: auth } } }));
      }
      if (m.type === 'start_ack') resolve();
      if (m.type === 'data') contents.push(m.payload.data.onCreateTodo.content);
    });
  });
  return { contents, close: () => ws.close() };
}

/** A GraphQL request; `auth` is the raw Authorization header (an access token) or an API key. */
export async function graphql(dataUrl: string, auth: { token?: string; apiKey?: string }, query: string, variables = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.token) headers.authorization = auth.token;
  if (auth.apiKey) headers['x-api-key'] = auth.apiKey;
  const res = await fetch(dataUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; errorType?: string }[] } };
}

export async function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
