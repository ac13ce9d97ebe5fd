/**
 * `defineFunction((scope) => …)` functions built with CDK, from Amplify's "Custom functions" page:
 * a NodejsFunction (entry + named handler export, Duration timeout, memorySize, environment), a
 * lambda.Function with Code.fromAsset(folder) and a CommonJS `index.echo` handler, one with
 * Code.fromInline, and a NodejsFunction with CDK's default entry and schema-granted data access are
 * served as custom queries to the real `aws-amplify` client, and a NodejsFunction runs as preSignUp; the Python example stops the start with an
 * error naming the runtime, the function and the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp, failedStart } from '../fixtures/gen2-apps/fixture-app.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const apps: FixtureApp[] = [];
let sandbox: SandboxProcess | undefined;
let app: FixtureApp;

beforeAll(async () => {
  app = copyFixture('cdk-function');
  apps.push(app);
  sandbox = await startSandbox({ cwd: app.dir, port: await freePort() });
  configureAmplify(app.outputs());
});

afterAll(async () => {
  await sandbox?.stop();
  for (const a of apps) a.remove();
});

describe('a NodejsFunction', () => {
  it('answers a custom query from its entry file and named export, with its environment and memory size', async () => {
    const client = generateClient() as any;
    const r = await client.queries.greet({ name: 'Ada' });
    expect(r.errors).toBeUndefined();
    expect(r.data).toBe('Hello, Ada (added in backend.ts; 256 MB)');
  });

  it("is stopped by the construct's Duration.seconds(1) timeout", async () => {
    const client = generateClient() as any;
    const r = await client.queries.greet({ name: 'Slow', waitMs: 2500 });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.message).toContain('Task timed out after 1.00 seconds');
  });

  it('is named by its construct id in backend.<fn>.resources, and its unapplied props are reported', () => {
    expect(app.outputs().custom.greetFunction).toBe('greet');
    const out = sandbox!.output();
    const line = (file: string, text: string) =>
      readFileSync(join(app.dir, file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(text)) + 1;
    const greetAt = line('amplify/functions/greet/resource.ts', 'new NodejsFunction');
    expect(out).toContain(
      `ignored by Hearth: lambda-nodejs.NodejsFunction:greet.architecture in amplify/functions/greet/resource.ts:${greetAt}`,
    );
    const echoAt = line('amplify/functions/legacy-echo/resource.ts', 'new Function');
    expect(out).toContain(`ignored by Hearth: lambda.Function:legacy-echo.layers in amplify/functions/legacy-echo/resource.ts:${echoAt}`);
    expect(out).not.toContain('greet.timeout');
  });
});

describe('a lambda.Function with Code.fromAsset and a Node.js runtime', () => {
  it('runs the CommonJS export that `handler: "index.echo"` names, from the folder import.meta.url located', async () => {
    const client = generateClient() as any;
    const r = await client.queries.legacyEcho({ text: 'hi' });
    expect(r.errors).toBeUndefined();
    expect(r.data).toBe('echo: hi from legacy-echo');
  });
});

describe('more CDK-built Node.js functions', () => {
  it('runs Code.fromInline source as Lambda runs index.js', async () => {
    const client = generateClient() as any;
    const r = await client.queries.inlineHello({ name: 'Grace' });
    expect(r.errors).toBeUndefined();
    expect(r.data).toBe('inline hello, Grace');
  });

  it('gives a NodejsFunction (CDK default entry <file>.<id>.ts) the data access the schema grants, and no more', async () => {
    const client = generateClient() as any;
    for (const content of ['one', 'two']) expect((await client.models.Todo.create({ content })).errors).toBeUndefined();
    const read = await client.queries.todoCount({});
    expect(read.errors).toBeUndefined();
    expect(read.data).toBe('2 todos');
    const write = await client.queries.todoCount({ write: true });
    expect(write.data).toMatch(/^refused: .*Not Authorized/);
    expect((await client.models.Todo.list()).data).toHaveLength(2);
  });
});

describe('a Cognito trigger built with CDK', () => {
  it('runs as preSignUp: its domain signs up confirmed, another address needs its code', async () => {
    const password = 'Cdk-trigger-9!';
    const auto = await signUp({ username: 'ada@auto.example', password, options: { userAttributes: { email: 'ada@auto.example' } } });
    expect(auto.isSignUpComplete).toBe(true);
    const other = await signUp({ username: 'bob@example.com', password, options: { userAttributes: { email: 'bob@example.com' } } });
    expect(other.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  });
});

describe('a Python function (the docs example)', () => {
  it('stops the start naming the runtime, the function and its resource file', () => {
    const py = copyFixture('cdk-python-function');
    apps.push(py);
    const { status, out } = failedStart(py);
    expect(status).not.toBe(0);
    expect(out).toContain(
      "amplify/functions/say-hello/resource.ts: defineFunction((scope) => new lambda.Function(scope, 'say-hello', …)) uses the python3.9 runtime; Hearth runs Node.js functions only.",
    );
    expect(out).not.toMatch(/TypeError|at .*cdk-lambda/);
  });
});
