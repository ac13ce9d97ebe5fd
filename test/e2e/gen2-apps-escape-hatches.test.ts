/**
 * backend.ts escape hatches as Amplify's docs use them: names and ARNs read from
 * `backend.<x>.resources` reach amplify_outputs.json (resolved, never a token) and a function's
 * environment (`addEnvironment`); `cfnUserPool.policies` and group precedence writes are applied;
 * other writes, calls and constructs (`createStack`, `new sns.Topic`) are reported once at start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp } from '../fixtures/gen2-apps/fixture-app.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

let app: FixtureApp;
let sandbox: SandboxProcess;

beforeAll(async () => {
  app = copyFixture('escape-hatches');
  sandbox = await startSandbox({ cwd: app.dir, port: await freePort() });
  configureAmplify(app.outputs());
});

afterAll(async () => {
  await sandbox?.stop();
  app?.remove();
});

it('writes the names and ARNs backend.ts read into amplify_outputs.json, with no token left', () => {
  const outputs = app.outputs();
  const text = readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8');
  expect(text).not.toMatch(/\$\{|Token\[/);
  expect(outputs.custom).toMatchObject({
    region: 'us-east-1',
    userPoolArn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${outputs.auth.user_pool_id}`,
    helloFunction: 'say-hello',
    bucketName: outputs.storage.bucket_name,
    graphqlUrl: outputs.data.url,
    todoTableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Todo',
    topicArn: '',
  });
});

it("puts addEnvironment values, read from other resources, into the function's environment", async () => {
  const client = generateClient() as any;
  const r = await client.queries.helloEnv();
  expect(r.errors).toBeUndefined();
  expect(JSON.parse(r.data)).toEqual({
    USER_POOL_ID: app.outputs().auth.user_pool_id,
    TODO_TABLE: 'Todo',
    GRAPHQL_URL: app.outputs().data.url,
    SELF: 'arn:aws:lambda:us-east-1:000000000000:function:say-hello',
  });
});

it('applies cfnUserPool.policies: a 12-character password without upper case or symbol signs up, 11 characters do not', async () => {
  const policy = app.outputs().auth.password_policy;
  expect(policy).toEqual({
    min_length: 12,
    require_lowercase: true,
    require_numbers: true,
    require_symbols: false,
    require_uppercase: false,
  });
  await expect(signUp({ username: 'short@example.com', password: 'abcdefghi12' })).rejects.toMatchObject({
    name: 'InvalidPasswordException',
  });
  const ok = await signUp({ username: 'long@example.com', password: 'abcdefghij12' });
  expect(ok.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
});

it('applies a group precedence write', () => {
  expect(app.outputs().auth.groups).toContainEqual({ ADMINS: { precedence: 5 } });
});

it('reports what it ignores once at start, naming the file and line', () => {
  const out = sandbox.output();
  const line = (text: string) =>
    readFileSync(join(app.dir, 'amplify/backend.ts'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1;
  expect(out).toMatch(
    /ignored by Hearth: backend\.auth\.resources\.cfnResources\.cfnUserPool\.policies\.passwordPolicy\.temporaryPasswordValidityDays in amplify\/backend\.ts:\d+/,
  );
  expect(out).toContain(
    `ignored by Hearth: backend.auth.resources.cfnResources.cfnUserPool.deletionProtection in amplify/backend.ts:${line('addPropertyOverride')}`,
  );
  expect(out).toContain(
    `ignored by Hearth: backend.sayHello.resources.lambda.addToRolePolicy() in amplify/backend.ts:${line('addToRolePolicy')}`,
  );
  expect(out).toContain(`ignored by Hearth: new sns.Topic('Notifications') in amplify/backend.ts:${line('new sns.Topic')}`);
  expect(out).toContain('ignored by Hearth: sns.Topic:Notifications.topicArn has no value in Hearth');
  expect(out.match(/addToRolePolicy\(\) in/g)).toHaveLength(1);
  expect(out).not.toContain('new PolicyStatement');
  // CDK helpers and methods of a construct already reported add no lines of their own
  expect(out).not.toMatch(/Duration|Tags|addSubscription/);
});
