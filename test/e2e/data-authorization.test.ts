/**
 * Authorization through the unmodified aws-amplify client against a real backend: the Lambda
 * authorizer (`authMode: 'lambda'` with an `authToken`, reference §E.2) runs a real function,
 * `allow.custom()` lets its callers in, its `deniedFields` read as null, a refused token is the
 * client's Unauthorized error; field-level rules null a field for an API-key caller while the rest
 * of the record comes back, and a write of a protected field is refused.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';

const files: Record<string, string> = {
  'package.json': '{"name":"data-auth-app","type":"module"}',
  'amplify/package.json': '{"type":"module"}',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { data } from './data/resource';
defineBackend({ data });
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { gatekeeper } from '../functions/gatekeeper/resource';

const schema = a.schema({
  Note: a
    .model({
      title: a.string(),
      internal: a.string().authorization((allow) => [allow.custom()]),
    })
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.custom()]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'lambda',
    lambdaAuthorizationMode: { function: gatekeeper, timeToLiveInSeconds: 60 },
    apiKeyAuthorizationMode: { expiresInDays: 30 },
  },
});
`,
  'amplify/functions/gatekeeper/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const gatekeeper = defineFunction({ name: 'gatekeeper' });
`,
  'amplify/functions/gatekeeper/handler.ts': `export const handler = async (event: { authorizationToken: string }) => ({
  isAuthorized: event.authorizationToken.startsWith('let-me-in'),
  resolverContext: { who: event.authorizationToken },
  deniedFields: event.authorizationToken === 'let-me-in-limited' ? ['Note.internal'] : [],
});
`,
};

describe('data authorization through the aws-amplify client', () => {
  const dir = join(repoRoot, 'test-artifacts', `data-auth-${randomBytes(4).toString('hex')}`);
  let backend: RunningBackend;
  let lambdaClient: any;
  let keyClient: any;

  beforeAll(async () => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: false, logger: silentLogger });
    configureAmplify(JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')));
    lambdaClient = generateClient({ authMode: 'lambda', authToken: 'let-me-in' });
    keyClient = generateClient({ authMode: 'apiKey' });
  });

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token the authorizer allows reaches allow.custom() and every field', async () => {
    const created = await lambdaClient.models.Note.create({ id: 'n1', title: 'plan', internal: 'budget' });
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ id: 'n1', title: 'plan', internal: 'budget' });
    const got = await lambdaClient.models.Note.get({ id: 'n1' });
    expect(got.data).toMatchObject({ title: 'plan', internal: 'budget' });
  });

  it('an API key reads the record but not the custom-only field, which is null with an error at its path', async () => {
    const got = await keyClient.models.Note.get({ id: 'n1' });
    expect(got.data).toMatchObject({ id: 'n1', title: 'plan', internal: null });
    expect(got.errors).toEqual([
      expect.objectContaining({
        errorType: 'Unauthorized',
        path: ['getNote', 'internal'],
        message: 'Not Authorized to access internal on type Note',
      }),
    ]);
  });

  it('an API key may not write (read-only rule)', async () => {
    const res = await keyClient.models.Note.create({ title: 'x' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access createNote on type Mutation' });
  });

  it("the authorizer's deniedFields read as null", async () => {
    const limited = generateClient({ authMode: 'lambda', authToken: 'let-me-in-limited' }) as any;
    const got = await limited.models.Note.get({ id: 'n1' });
    expect(got.errors).toBeUndefined();
    expect(got.data).toMatchObject({ title: 'plan', internal: null });
  });

  it('a token the authorizer refuses is an HTTP 401 the client reports as Unauthorized', async () => {
    const res = await fetch(backend.urls.data, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'wrong' },
      body: JSON.stringify({ query: '{ listNotes { items { id } } }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    const refused = generateClient({ authMode: 'lambda', authToken: 'wrong' }) as any;
    // client.models turns the 401 into an errors entry (the client rewrites UnauthorizedException's message)
    const listed = await refused.models.Note.list();
    expect(listed.data).toEqual([]);
    expect(listed.errors?.map((e: { message: string }) => e.message)).toEqual(['Unauthorized']);
  });
});
