/**
 * A running `hearth sandbox` applies an edited schema and an edited handler without a restart,
 * and prints the function's log lines prefixed by its name.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyExample, hearthBin } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

let app: ReturnType<typeof copyExample>;
let sandbox: SandboxProcess;
let port: number;

const edit = (rel: string, from: string, to: string) => {
  const file = join(app.dir, rel);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

async function waitForOutput(pattern: RegExp, after: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (pattern.test(sandbox.output().slice(after))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in:\n${sandbox.output().slice(after)}`);
}

const post = async (path: string, headers: Record<string, string>, body: object) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return (await res.json()) as any;
};

beforeAll(async () => {
  app = copyExample('user-profile');
  execFileSync(process.execPath, [hearthBin, 'generate', 'graphql-client-code', '--out', 'amplify/auth/post-confirmation/graphql'], {
    cwd: app.dir,
  });
  port = await freePort();
  sandbox = await startSandbox({ cwd: app.dir, port, watch: true });
});

afterAll(async () => {
  await sandbox?.stop();
  app?.remove();
});

it('serves a field added to the schema while running', async () => {
  const mark = sandbox.output().length;
  edit('amplify/data/resource.ts', 'profileOwner: a.string(),', 'profileOwner: a.string(),\n        nickname: a.string(),');
  await waitForOutput(/reloaded/, mark);
  const apiKey = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8')).data.api_key;
  const r = await post(
    '/graphql',
    { 'content-type': 'application/json', 'x-api-key': apiKey },
    { query: '{ __type(name: "UserProfile") { fields { name } } }' },
  );
  expect(r.data.__type.fields.map((f: { name: string }) => f.name)).toContain('nickname');
});

it('runs an edited handler on the next trigger, its logs prefixed by the function name', async () => {
  const mark = sandbox.output().length;
  edit('amplify/auth/post-confirmation/handler.ts', '  return event;', "  console.log('profile created by v2');\n  return event;");
  await waitForOutput(/reloaded/, mark);
  const clientId = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
  const cognito = (op: string, body: object) =>
    post(
      '/cognito',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      { ClientId: clientId, ...body },
    );
  const email = 'watch@example.com';
  await cognito('SignUp', { Username: email, Password: 'Watch-it-9', UserAttributes: [{ Name: 'email', Value: email }] });
  const code = await latestCode(port, email);
  expect(await cognito('ConfirmSignUp', { Username: email, ConfirmationCode: code })).toEqual({ Session: expect.any(String) });
  await waitForOutput(/\[post-confirmation\].*profile created by v2/, mark);
});

it('keeps serving the previous backend when an edit breaks the schema, naming the file', async () => {
  const mark = sandbox.output().length;
  edit('amplify/data/resource.ts', 'nickname: a.string(),', 'nickname: a.string(,');
  await waitForOutput(/error: .*amplify\/data\/resource\.ts.*previous backend keeps serving/, mark);
  const apiKey = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8')).data.api_key;
  const r = await post(
    '/graphql',
    { 'content-type': 'application/json', 'x-api-key': apiKey },
    { query: '{ __type(name: "UserProfile") { name } }' },
  );
  expect(r.data.__type.name).toBe('UserProfile');
});
