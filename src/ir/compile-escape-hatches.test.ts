/**
 * The compiler's side of the escape hatches: references resolve to the names Hearth serves, writes
 * Hearth has a setting for change the IR, everything else becomes one "ignored by Hearth" warning,
 * and a bad addEnvironment stops the start with the user's file and line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeDefinition } from '../backend/definition.js';
import { ref } from '../backend/escape-hatch-recorder.js';
import type { BackendRegistration, EscapeHatchLog } from '../backend/registry.js';
import { compileBackend } from './compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-hatches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'amplify', 'job'), { recursive: true });
writeFileSync(join(root, 'amplify', 'job', 'handler.ts'), 'export const handler = async () => 1;');

const at = `${join(root, 'amplify', 'backend.ts')}:7`;
function compile(hatches: Partial<EscapeHatchLog>, outputs: Record<string, unknown>[] = []) {
  const reg: BackendRegistration = {
    resources: {
      auth: makeDefinition('auth', { loginWith: { email: true }, groups: ['ADMINS'] }, join(root, 'amplify/auth/resource.ts')),
      job: makeDefinition('function', { name: 'job' }, join(root, 'amplify/job/resource.ts')),
    },
    outputs,
    definedIn: join(root, 'amplify/backend.ts'),
    hatches: { writes: [], ignored: [], environment: [], ...hatches },
  };
  return compileBackend(reg, root);
}

it('resolves references in addOutput and addEnvironment, and leaves an unknown one empty with a warning', () => {
  const { ir, warnings } = compile({ environment: [{ resource: 'job', name: 'POOL', value: ref('auth.userPoolId'), at }] }, [
    { custom: { arn: ref('job.functionArn'), region: ref('region'), topic: ref('?sns.Topic:T.topicArn') } },
  ]);
  expect(ir.functions[0]?.environment.POOL).toBe(ir.auth?.userPoolId);
  expect(ir.addedOutputs).toEqual([
    { custom: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:job', region: 'us-east-1', topic: '' } },
  ]);
  expect(warnings).toContain('ignored by Hearth: sns.Topic:T.topicArn has no value in Hearth; it is left empty where backend.ts used it');
});

it('applies password policy and precedence writes, and reports the rest once with file and line', () => {
  const { ir, warnings } = compile({
    writes: [
      {
        path: 'backend.auth.resources.cfnResources.cfnUserPool.policies',
        value: { passwordPolicy: { minimumLength: 20, requireSymbols: false } },
        at,
      },
      { path: 'backend.auth.resources.groups.ADMINS.cfnUserGroup.precedence', value: 9, at },
      { path: 'backend.auth.resources.groups.NOPE.cfnUserGroup.precedence', value: 1, at },
      { path: 'backend.job.resources.cfnResources.cfnFunction.timeout', value: 60, at },
    ],
    ignored: [
      { what: 'stack:custom.addDependency()', at },
      { what: 'stack:custom.addDependency()', at },
    ],
  });
  expect(ir.auth?.passwordPolicy).toMatchObject({ minLength: 20, requireSymbols: false, requireUppercase: true });
  expect(ir.auth?.groupPrecedence?.ADMINS).toBe(9);
  expect(warnings).toEqual([
    'ignored by Hearth: backend.auth.resources.groups.NOPE.cfnUserGroup.precedence in amplify/backend.ts:7',
    'ignored by Hearth: backend.job.resources.cfnResources.cfnFunction.timeout in amplify/backend.ts:7',
    'ignored by Hearth: stack:custom.addDependency() in amplify/backend.ts:7',
  ]);
});

it('refuses an addEnvironment value that is not a string, naming the line', () => {
  expect(() => compile({ environment: [{ resource: 'job', name: 'N', value: 5, at }] })).toThrow(
    "amplify/backend.ts:7: addEnvironment('N', …) needs a string value.",
  );
  expect(() => compile({ environment: [{ resource: 'job', name: '1BAD', value: 'x', at }] })).toThrow(
    /'1BAD' is not a valid environment variable name/,
  );
});
