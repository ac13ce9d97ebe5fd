/**
 * `hearth generate …` from a shell, as a developer runs it: outputs without serving, and GraphQL
 * client code in the targets `ampx generate graphql-client-code` offers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyExample, hearthBin } from '../support/app-copy.js';

let app: ReturnType<typeof copyExample>;
const hearth = (...args: string[]) => execFileSync(process.execPath, [hearthBin, ...args], { cwd: app.dir, encoding: 'utf8' });

beforeAll(() => {
  app = copyExample('user-profile');
});

afterAll(() => app?.remove());

it('writes amplify_outputs.json without serving, into --out-dir, with no secret in it', () => {
  hearth('generate', 'outputs', '--out-dir', 'web', '--port', '4321');
  const outputs = JSON.parse(readFileSync(join(app.dir, 'web', 'amplify_outputs.json'), 'utf8'));
  expect(outputs.version).toBe('1.5');
  expect(outputs.data.url).toBe('http://127.0.0.1:4321/graphql');
  expect(outputs.custom.hearth.userPoolEndpoint).toBe('http://127.0.0.1:4321/cognito');
  expect(Object.keys(outputs.data.model_introspection.models)).toEqual(['UserProfile']);
  expect(JSON.stringify(outputs)).not.toMatch(/-----BEGIN|PRIVATE KEY|secret/i);
});

it.each([
  ['javascript', ['queries.js', 'mutations.js', 'subscriptions.js'], 'export const createUserProfile'],
  ['graphql', ['queries.graphql', 'mutations.graphql', 'subscriptions.graphql'], 'mutation CreateUserProfile('],
])('writes %s statements', (target, files, marker) => {
  const out = `gen-${target}`;
  hearth('generate', 'graphql-client-code', '--out', out, '--statement-target', target);
  for (const f of files) expect(existsSync(join(app.dir, out, f))).toBe(true);
  expect(readFileSync(join(app.dir, out, files[1] as string), 'utf8')).toContain(marker);
  expect(existsSync(join(app.dir, out, 'API.ts'))).toBe(false);
});

it('writes the model introspection with --format introspection', () => {
  hearth('generate', 'graphql-client-code', '--out', 'gen-mi', '--format', 'introspection');
  const mi = JSON.parse(readFileSync(join(app.dir, 'gen-mi', 'model-introspection.json'), 'utf8'));
  expect(mi.models.UserProfile.primaryKeyInfo.primaryKeyFieldName).toBe('id');
});

it('names the user mistake when amplify/backend.ts is missing, without a stack', () => {
  let stderr = '';
  try {
    execFileSync(process.execPath, [hearthBin, 'generate', 'outputs'], { cwd: join(app.dir, 'amplify'), encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    stderr = String((e as { stderr: string }).stderr);
  }
  expect(stderr).toMatch(/^error: No amplify\/backend\.ts/);
  expect(stderr).not.toMatch(/\n\s+at /);
});
