/**
 * Gen 2 apps the loader used to stop on: a CommonJS `amplify/backend.cjs`, an import Hearth lacks
 * (`defineConversationHandlerFunction`), and a function importing an AWS SDK v3 client that Lambda's runtime provides.
 * Each is started by `hearth sandbox` and used with the real `aws-amplify` client.
 */
import { generateClient } from 'aws-amplify/data';
import { afterAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp, failedStart } from '../fixtures/gen2-apps/fixture-app.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const apps: FixtureApp[] = [];
const sandboxes: SandboxProcess[] = [];
afterAll(async () => {
  for (const s of sandboxes) await s.stop();
  for (const a of apps) a.remove();
});

async function run(name: string, o: { outsideRepo?: boolean } = {}) {
  const app = copyFixture(name, o);
  apps.push(app);
  const sandbox = await startSandbox({ cwd: app.dir, port: await freePort() });
  sandboxes.push(sandbox);
  configureAmplify(app.outputs());
  return { app, sandbox };
}

describe('amplify/backend.cjs', () => {
  it('loads a CommonJS backend and serves its models to the client', async () => {
    const { app } = await run('cjs-backend');
    // __dirname and __filename are the backend file's own, not the bundle's
    expect(app.outputs().custom.backendFile).toBe('amplify/backend.cjs');
    const client = generateClient() as any;
    const created = await client.models.Todo.create({ content: 'from a .cjs backend' });
    expect(created.errors).toBeUndefined();
    const listed = await client.models.Todo.list();
    expect(listed.data.map((t: { content: string }) => t.content)).toEqual(['from a .cjs backend']);
  });
});

describe('an export Hearth lacks', () => {
  it('stops the sandbox with a message naming it and the file that imports it', () => {
    const app = copyFixture('unsupported-imports');
    apps.push(app);
    const { status, out } = failedStart(app);
    expect(status).not.toBe(0);
    expect(out).toContain(
      'defineConversationHandlerFunction (from @aws-amplify/backend-ai/conversation, used in amplify/functions/chat/resource.js) is not supported by Hearth: Amplify AI (Bedrock) has no local equivalent.',
    );
    expect(out).toContain('amplify/backend.js');
    expect(out).not.toMatch(/TypeError|does not provide an export|is not a function/);
  });
});

describe('AWS SDK v3 in a function', () => {
  it('resolves a client the app does not install from Hearth, as Lambda provides it', async () => {
    await run('sdk-function', { outsideRepo: true });
    const client = generateClient() as any;
    const r = await client.queries.sdkClientName();
    expect(r.errors).toBeUndefined();
    expect(r.data).toBe('CognitoIdentityProviderClient in us-east-1');
  });

  it('names the package when neither the app nor Hearth has it', async () => {
    const client = generateClient() as any;
    const r = await client.mutations.enqueue();
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.message).toContain("imports @aws-sdk/client-sqs, which Lambda's runtime provides");
    expect(r.errors?.[0]?.message).toContain('npm install @aws-sdk/client-sqs');
  });
});
