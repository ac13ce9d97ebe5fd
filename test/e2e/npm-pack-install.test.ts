/**
 * `npm pack` produces a tarball that installs into another app (outside this repository) and works:
 * the bin starts the seed app, whose function resolves `aws-amplify` from the app's own
 * node_modules, and `hearth/client` imports.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const app = mkdtempSync(join(tmpdir(), 'hearth-pack-'));
let sandbox: SandboxProcess | undefined;

beforeAll(() => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: repoRoot, encoding: 'utf8' }));
  const tarball = join(app, packed[0].filename);
  const amplifyVersion = JSON.parse(readFileSync(join(repoRoot, 'node_modules/aws-amplify/package.json'), 'utf8')).version;
  cpSync(join(repoRoot, 'examples/user-profile/amplify'), join(app, 'amplify'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'packed-app',
      private: true,
      type: 'module',
      dependencies: { hearth: `file:${tarball}`, 'aws-amplify': amplifyVersion },
    }),
  );
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    stdio: 'pipe',
    timeout: 480_000,
  });
}, 600_000);

afterAll(async () => {
  await sandbox?.stop();
  rmSync(app, { recursive: true, force: true });
});

it('installs from the tarball and serves the seed app with the bin', async () => {
  const bin = join(app, 'node_modules/.bin/hearth');
  execFileSync(bin, ['generate', 'graphql-client-code', '--out', 'amplify/auth/post-confirmation/graphql'], { cwd: app });
  const port = await freePort();
  sandbox = await startSandbox({ cwd: app, port, bin });
  const outputs = JSON.parse(readFileSync(join(app, 'amplify_outputs.json'), 'utf8'));
  const email = 'packed@example.com';
  const cognito = async (op: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/cognito`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body: JSON.stringify({ ClientId: outputs.auth.user_pool_client_id, ...body }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  expect(
    (await cognito('SignUp', { Username: email, Password: 'Packed-app-1', UserAttributes: [{ Name: 'email', Value: email }] })).status,
  ).toBe(200);
  const code = await latestCode(port, email);
  expect((await cognito('ConfirmSignUp', { Username: email, ConfirmationCode: code })).status).toBe(200);
  const auth = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: 'Packed-app-1' },
  });
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth.body.AuthenticationResult.AccessToken },
    body: JSON.stringify({ query: '{ listUserProfiles { items { email } } }' }),
  });
  expect(await res.json()).toEqual({ data: { listUserProfiles: { items: [{ email }] } } });
  const client = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import('hearth/client').then(m => console.log(typeof m.configureAmplify))"],
    { cwd: app, encoding: 'utf8' },
  );
  expect(client.trim()).toBe('function');
});
