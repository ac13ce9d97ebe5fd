/**
 * Triggers are never silently lost (issue 9). A backend whose postConfirmation and storage onUpload
 * throw: the client still gets Cognito's UserLambdaValidationException, the upload still succeeds,
 * and both failures are in the database with their events: the storage event after Lambda's two
 * retries. `hearth triggers list` (the built CLI, against the same database) shows them; once the
 * handlers are fixed, `hearth triggers retry <id>` runs each again through the server and says so.
 * Runs `dist/`: `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CognitoIdentityProviderClient, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../src/db/ports.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { hearthBin, repoRoot } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';

/** a handler that fails until the test creates `fixed` (the developer's fix) */
const failing = (flag: string, message: string) => `import { existsSync } from 'node:fs';
export const handler = async (event) => {
  if (!existsSync(${JSON.stringify(flag)})) throw new Error(${JSON.stringify(message)});
  return event;
};
`;

function writeApp(dir: string): void {
  const flag = join(dir, 'fixed');
  const files: Record<string, string> = {
    'package.json': '{"name":"triggers-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
defineBackend({ auth, data, storage });
`,
    'amplify/auth/resource.ts': `import { defineAuth, defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'post-confirmation', entry: './post-confirmation.ts' });
export const auth = defineAuth({ loginWith: { email: true }, triggers: { postConfirmation } });
`,
    'amplify/auth/post-confirmation.ts': failing(flag, 'profile table missing'),
    'amplify/storage/resource.ts': `import { defineFunction, defineStorage } from '@aws-amplify/backend';
export const onUpload = defineFunction({ name: 'on-upload', entry: './on-upload.ts' });
export const storage = defineStorage({
  name: 'files',
  isDefault: true,
  access: (allow) => ({ 'public/*': [allow.guest.to(['read', 'write'])] }),
  triggers: { onUpload },
});
`,
    'amplify/storage/on-upload.ts': failing(flag, 'thumbnail service down'),
    'amplify/data/resource.ts': `import { type ClientSchema, a, defineData, defineFunction } from '@aws-amplify/backend';
export const notifier = defineFunction({ name: 'notifier', entry: './notifier.ts' });
const schema = a.schema({
  notify: a.mutation().arguments({ msg: a.string() }).returns(a.string()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function(notifier).async()),
  shout: a.query().arguments({ msg: a.string() }).returns(a.string()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function(notifier)),
});
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } } });
`,
    'amplify/data/notifier.ts': failing(flag, 'mail relay refused'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** runs the built CLI in the app folder; resolves with its exit code and output */
function hearth(dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [hearthBin, ...args], { cwd: dir, env: { ...process.env, HEARTH_DATABASE_URL: '' } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const engine of E2E_ENGINES)
  describe.skipIf(Boolean(engine.skip))(`failed triggers on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `triggers-${randomBytes(4).toString('hex')}`);
    let database: Awaited<ReturnType<typeof databaseFor>>;
    let backend: RunningBackend;
    let dbArgs: string[] = [];
    const find = async (fn: string) => (await backend.db.invocations.list({ limit: 50 })).find((r) => r.functionName === fn);

    beforeAll(async () => {
      writeApp(dir);
      database = await databaseFor(engine.name);
      dbArgs = database.url ? ['--database-url', database.url] : [];
      backend = await startBackend({
        projectRoot: dir,
        host: '127.0.0.1',
        port: 0,
        mailbox: true,
        logger: silentLogger,
        databaseUrl: database.url,
        triggers: { retryDelaysMs: [300, 600], pollMs: 100 },
      });
    }, 60_000);

    afterAll(async () => {
      await backend?.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a throwing postConfirmation answers the client as Cognito does and is recorded with its event', async () => {
      const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
      const cognito = new CognitoIdentityProviderClient({
        region: outputs.auth.aws_region,
        endpoint: outputs.custom.hearth.userPoolEndpoint,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      const ClientId = outputs.auth.user_pool_client_id;
      await cognito.send(new SignUpCommand({ ClientId, Username: 'ada@example.com', Password: 'Correct-horse-9' }));
      const code = await latestCode(Number(new URL(backend.urls.base).port), 'ada@example.com');
      const err = await cognito
        .send(new ConfirmSignUpCommand({ ClientId, Username: 'ada@example.com', ConfirmationCode: code }))
        .catch((e) => e);
      expect(err.name).toBe('UserLambdaValidationException');
      expect(err.message).toBe('PostConfirmation failed with error profile table missing.');
      cognito.destroy();
      const row = await until('the postConfirmation record', () => find('post-confirmation'));
      expect(row).toMatchObject({ source: 'cognito:PostConfirmation_ConfirmSignUp', status: 'failed', attempts: 1 });
      expect(row.lastError).toContain('profile table missing');
      expect((row.event as { request: { userAttributes: { email: string } } }).request.userAttributes.email).toBe('ada@example.com');
    }, 30_000);

    it('a throwing storage trigger is retried twice, then kept as failed, while the upload succeeded', async () => {
      const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
      const adminKey = JSON.parse(readFileSync(join(dir, '.amplify/hearth/admin-credentials.json'), 'utf8'));
      const s3 = new S3Client({
        region: outputs.storage.aws_region,
        endpoint: outputs.custom.hearth.storageEndpoint,
        forcePathStyle: true,
        credentials: adminKey,
      });
      const put = await s3.send(new PutObjectCommand({ Bucket: outputs.storage.bucket_name, Key: 'public/cat.png', Body: 'meow' }));
      expect(put.ETag).toBeTruthy();
      s3.destroy();
      const row = await until('three attempts', async () => {
        const r = await find('on-upload');
        return r?.status === 'failed' ? r : undefined;
      });
      expect(row).toMatchObject({ source: 's3:ObjectCreated:Put', attempts: 3, maxAttempts: 3 });
      expect(row.lastError).toContain('thumbnail service down');
      const record = (row.event as { Records: { s3: { object: { key: string } } }[] }).Records[0];
      expect(record?.s3.object.key).toBe('public/cat.png');
    }, 30_000);

    it('an .async() AppSync handler is retried like a Lambda async event; a failing resolver is recorded once', async () => {
      const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
      const gql = async (query: string) => {
        const res = await fetch(backend.urls.data, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': outputs.data.api_key },
          body: JSON.stringify({ query }),
        });
        return (await res.json()) as { data?: Record<string, unknown>; errors?: { errorType?: string; message: string }[] };
      };
      expect((await gql('mutation { notify(msg: "hi") { success } }')).data).toEqual({ notify: { success: true } });
      const shout = await gql('query { shout(msg: "hey") }');
      expect(shout.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: 'mail relay refused' });
      const bySource = async (source: string) => (await backend.db.invocations.list({ limit: 50 })).find((r) => r.source === source);
      const async = await until('three attempts of notify', async () => {
        const r = await bySource('appsync:async:Mutation.notify');
        return r?.status === 'failed' ? r : undefined;
      });
      expect(async).toMatchObject({ functionName: 'notifier', attempts: 3, lastError: 'Error: mail relay refused' });
      expect((async.event as { arguments: unknown }).arguments).toEqual({ msg: 'hi' });
      expect(await bySource('appsync:Query.shout')).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'Error: mail relay refused',
      });
    }, 30_000);

    it('`hearth triggers list` shows both; `retry` after the fix succeeds and the record says so', async () => {
      const listed = await hearth(dir, ['triggers', 'list', '--status', 'failed', ...dbArgs]);
      expect(listed.code).toBe(0);
      const lines = listed.out.trim().split('\n');
      expect(lines[0]).toMatch(/^ID\s+FUNCTION\s+SOURCE\s+STATUS\s+ATTEMPTS\s+LAST ERROR\s+TIME$/);
      const upload = (await find('on-upload')) as InvocationRecord;
      const confirm = (await find('post-confirmation')) as InvocationRecord;
      expect(lines.find((l) => l.startsWith(upload.id))).toMatch(
        /on-upload\s+s3:ObjectCreated:Put\s+failed\s+3\/3\s+Error: thumbnail service down/,
      );
      expect(lines.find((l) => l.startsWith(confirm.id))).toMatch(
        /post-confirmation\s+cognito:PostConfirmation_ConfirmSignUp\s+failed\s+1\/1/,
      );

      const again = await hearth(dir, ['triggers', 'retry', confirm.id, '--wait', '20', ...dbArgs]);
      expect(again.code).toBe(1);
      expect(again.out).toContain('failed again (attempt 2, failed)');

      writeFileSync(join(dir, 'fixed'), 'yes');
      for (const r of [confirm, upload]) {
        const retried = await hearth(dir, ['triggers', 'retry', r.id, '--wait', '20', ...dbArgs]);
        expect(retried.out).toContain('succeeded on attempt');
        expect(retried.code).toBe(0);
        expect(await backend.db.invocations.get(r.id)).toMatchObject({ status: 'succeeded-on-retry' });
      }
      const failedNow = await hearth(dir, ['triggers', 'list', '--status', 'failed', ...dbArgs]);
      expect(failedNow.out).not.toContain(confirm.id);
      expect(failedNow.out).not.toContain(upload.id);
      const succeeded = await hearth(dir, ['triggers', 'list', '--status', 'succeeded-on-retry', ...dbArgs]);
      expect(succeeded.out).toMatch(new RegExp(`${upload.id}\\s+on-upload\\s+s3:ObjectCreated:Put\\s+succeeded-on-retry\\s+4/4`));
    }, 60_000);

    it('the CLI answers a mistake with a one-line error, not a stack', async () => {
      const unknown = await hearth(dir, ['triggers', 'retry', 'no-such-id', ...dbArgs]);
      expect(unknown.code).toBe(1);
      expect(unknown.out.trim()).toBe('error: no invocation no-such-id; `hearth triggers list` shows them.');
      const bad = await hearth(dir, ['triggers', 'list', '--status', 'broken', ...dbArgs]);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('--status must be one of pending, retrying, failed, succeeded-on-retry');
    }, 30_000);
  });
