import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../backend/definition.js';
import type { StorageAccessGenerator } from '../backend/index.js';
import type { BackendRegistration } from '../backend/registry.js';
import { compileBackend } from './compile.js';
import { bucketNameFor } from './compile-storage.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-storage-ir-'));
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'photo-app' }));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fn(dir: string, props: Record<string, unknown> = {}) {
  mkdirSync(join(root, 'amplify', dir), { recursive: true });
  writeFileSync(join(root, 'amplify', dir, 'handler.ts'), 'export const handler = async () => ({});');
  return makeDefinition('function', props, join(root, 'amplify', dir, 'resource.ts'));
}
const auth = makeDefinition('auth', { loginWith: { email: true }, groups: ['admin', 'editors'] }, join(root, 'amplify/auth/resource.ts'));
const storageAt = (props: Record<string, unknown>, file = 'amplify/storage/resource.ts') =>
  makeDefinition('storage', props, join(root, file));
const reg = (resources: Record<string, unknown>): BackendRegistration => ({
  resources,
  outputs: [],
  definedIn: join(root, 'amplify/backend.ts'),
});
const compile = (resources: Record<string, unknown>) => compileBackend(reg({ auth, ...resources }), root);
const withAccess = (access: StorageAccessGenerator, more: Record<string, unknown> = {}) =>
  compile({ storage: storageAt({ name: 'files', access, ...more }) });

describe('defineStorage buckets', () => {
  it('makes a lone bucket the default, with a stable DNS-compatible name from the app and storage names', () => {
    const { ir } = compile({ storage: storageAt({ name: 'myProjectFiles' }) });
    const [bucket] = ir.storage?.buckets ?? [];
    expect(bucket).toMatchObject({
      name: 'myProjectFiles',
      isDefault: true,
      paths: [],
      triggers: {},
      definedIn: 'amplify/storage/resource.ts',
    });
    expect(bucket?.bucketName).toMatch(/^amplify-photo-app-myprojectfiles-[0-9a-f]{8}$/);
    expect(bucket?.bucketName).toBe(bucketNameFor('photo-app', 'myProjectFiles'));
  });

  it.each([
    ['a'.repeat(80), 'b'.repeat(80)],
    ['@scope/My.App', 'Files With Spaces'],
    ['x', 'my_files--2'],
  ])('keeps bucket names within S3 rules: %s / %s', (app, name) => {
    const n = bucketNameFor(app, name);
    expect(n.length).toBeLessThanOrEqual(63);
    expect(n).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(n).not.toContain('--');
  });

  it('gives names whose slugs collide different buckets', () => {
    expect(bucketNameFor('app', 'my-files')).not.toBe(bucketNameFor('app', 'my files'));
  });

  it('puts the default first when there are several', () => {
    const { ir } = compile({
      a: storageAt({ name: 'first' }, 'amplify/storage/a.ts'),
      b: storageAt({ name: 'second', isDefault: true }, 'amplify/storage/b.ts'),
    });
    expect(ir.storage?.buckets.map((b) => [b.name, b.isDefault])).toEqual([
      ['second', true],
      ['first', false],
    ]);
  });

  it('refuses several buckets without a default, naming the files', () => {
    expect(() =>
      compile({ a: storageAt({ name: 'a' }, 'amplify/storage/a.ts'), b: storageAt({ name: 'b' }, 'amplify/storage/b.ts') }),
    ).toThrow(/amplify\/storage\/a\.ts, amplify\/storage\/b\.ts: no default storage set.*isDefault: true/);
  });

  it('refuses two defaults', () => {
    expect(() =>
      compile({
        a: storageAt({ name: 'a', isDefault: true }, 'amplify/storage/a.ts'),
        b: storageAt({ name: 'b', isDefault: true }, 'amplify/storage/b.ts'),
      }),
    ).toThrow(/amplify\/storage\/b\.ts: more than one default storage/);
  });

  it('refuses two buckets with one name', () => {
    expect(() => compile({ a: storageAt({ name: 'a', isDefault: true }), b: storageAt({ name: 'a' }) })).toThrow(
      /two defineStorage calls are named "a"/,
    );
  });

  it.each([undefined, '', '1files', 'my.files'])('refuses the name %j as Amplify does', (name) => {
    expect(() => compile({ storage: storageAt({ name }) })).toThrow(/amplify\/storage\/resource\.ts: defineStorage needs a `name`/);
  });

  it('accepts versioned and keepOnDelete, and warns about props it does not know instead of failing', () => {
    const { ir, warnings } = compile({ storage: storageAt({ name: 'files', versioned: true, keepOnDelete: true, cors: [] }) });
    expect(ir.storage?.buckets).toHaveLength(1);
    expect(warnings).toEqual(['amplify/storage/resource.ts: defineStorage `cors` is not supported by Hearth; it is ignored.']);
  });

  it('puts trigger functions in the function table', () => {
    const onUpload = fn('on-upload', { name: 'on-upload' });
    const { ir } = compile({ storage: storageAt({ name: 'files', triggers: { onUpload } }) });
    expect(ir.storage?.buckets[0]?.triggers).toEqual({ onUpload: 'on-upload' });
    expect(ir.functions.map((f) => f.name)).toEqual(['on-upload']);
    expect(ir.functions[0]?.storageAccess).toBeUndefined();
  });

  it('refuses an unknown trigger', () => {
    expect(() => compile({ storage: storageAt({ name: 'files', triggers: { onCopy: fn('x') } }) })).toThrow(
      /unknown storage trigger "onCopy"/,
    );
  });
});

describe('defineStorage access', () => {
  it('expands read into get and list, one grant per group, in the order written', () => {
    const { ir } = withAccess((allow) => ({
      'media/*': [allow.guest.to(['read']), allow.groups(['admin', 'editors']).to(['read', 'write', 'delete'])],
      'docs/{entity_id}/*': [],
    }));
    expect(ir.storage?.buckets[0]?.paths).toEqual([
      {
        path: 'media/*',
        grants: [
          { principal: { kind: 'guest' }, actions: ['get', 'list'] },
          { principal: { kind: 'group', group: 'admin' }, actions: ['get', 'list', 'write', 'delete'] },
          { principal: { kind: 'group', group: 'editors' }, actions: ['get', 'list', 'write', 'delete'] },
        ],
      },
      { path: 'docs/{entity_id}/*', grants: [] },
    ]);
  });

  it('gives a function named by allow.resource the bucket name under <name>_BUCKET_NAME, as Amplify spells it', () => {
    const reports = fn('reports', { name: 'reports' });
    const { ir } = compile({
      storage: storageAt({
        name: 'myReports',
        access: ((allow) => ({ 'reports/*': [allow.resource(reports).to(['read', 'write'])] })) as StorageAccessGenerator,
      }),
    });
    const bucket = ir.storage?.buckets[0];
    expect(bucket?.paths[0]?.grants).toEqual([
      { principal: { kind: 'resource', functionName: 'reports' }, actions: ['get', 'list', 'write'] },
    ]);
    expect(ir.functions[0]?.storageAccess).toEqual([{ envName: 'myReports_BUCKET_NAME', bucketName: bucket?.bucketName }]);
  });

  it('refuses a principal named twice on one path, and accepts it on two paths', () => {
    expect(() => withAccess((allow) => ({ 'a/*': [allow.authenticated.to(['read']), allow.authenticated.to(['write'])] }))).toThrow(
      /amplify\/storage\/resource\.ts: "a\/\*" names authenticated users more than once/,
    );
    expect(() =>
      withAccess((allow) => ({ 'a/*': [allow.groups(['admin']).to(['read']), allow.groups(['editors', 'admin']).to(['write'])] })),
    ).toThrow(/names group admin more than once/);
    expect(() =>
      withAccess((allow) => ({ 'a/*': [allow.authenticated.to(['read'])], 'b/*': [allow.authenticated.to(['write'])] })),
    ).not.toThrow();
  });

  it('refuses a group defineAuth does not define', () => {
    expect(() => withAccess((allow) => ({ 'a/*': [allow.groups(['ghosts']).to(['read'])] }))).toThrow(
      /names "ghosts", which defineAuth does not define \(groups: admin, editors\)/,
    );
  });

  it('refuses user rules without defineAuth, and accepts function rules without it', () => {
    const storage = storageAt({ name: 'files', access: ((allow) => ({ 'a/*': [allow.guest.to(['read'])] })) as StorageAccessGenerator });
    expect(() => compileBackend(reg({ storage }), root)).toThrow(/allow\.guest on "a\/\*" needs defineAuth/);
    const worker = fn('worker');
    const ok = storageAt({
      name: 'files',
      access: ((allow) => ({ 'a/*': [allow.resource(worker).to(['read'])] })) as StorageAccessGenerator,
    });
    expect(compileBackend(reg({ storage: ok }), root).ir.storage?.buckets[0]?.paths).toHaveLength(1);
  });

  it.each([
    [['read', 'bogus'], /unknown storage action "bogus"/],
    [[], /grants no action/],
  ])('refuses the actions %j', (actions, message) => {
    expect(() => withAccess((allow) => ({ 'a/*': [allow.guest.to(actions as never)] }))).toThrow(message);
  });

  it('refuses a rule that is not allow.<who>.to([...]) and an access that is not a function', () => {
    expect(() => withAccess(() => ({ 'a/*': [{ read: true } as never] }))).toThrow(/holds a rule that is not allow/);
    expect(() => compile({ storage: storageAt({ name: 'files', access: { 'a/*': [] } }) })).toThrow(/access must be a function/);
  });

  it('warns when allow.entity is given on a path without {entity_id}', () => {
    const { warnings } = withAccess((allow) => ({ 'a/*': [allow.entity('identity').to(['read'])] }));
    expect(warnings[0]).toMatch(/has no \{entity_id\} in the path, so it grants every signed-in user/);
  });
});

describe('defineStorage paths (Amplify validateStorageAccessPaths)', () => {
  const paths = (...ps: string[]) => withAccess(() => Object.fromEntries(ps.map((p) => [p, []])) as never);

  it.each([
    [['media/*', 'media/thumbs/*', 'docs/*'], 'one level of nesting'],
    [['media/{entity_id}/*', 'docs/*'], 'an owner path'],
    [['a/b/{entity_id}/*'], 'an owner path two levels down'],
    [['a/*', 'a/b/*', 'a/c/*'], 'two siblings under one parent'],
  ])('accepts %j (%s)', (ps) => {
    expect(() => paths(...ps)).not.toThrow();
  });

  it.each([
    [['/media/*'], /must not start with "\/"\. Found \[\/media\/\*\]/],
    [['media'], /must end with "\/\*"/],
    [['media/'], /must end with "\/\*"/],
    [['media//x/*'], /cannot contain "\/\/"/],
    [['me*dia/*'], /wildcards are only allowed as the final part/],
    [
      ['a/*', 'a/b/*', 'a/b/c/*'],
      /only one other path can be a prefix of it\. Found \[a\/b\/c\/\*\] which has prefixes \[a\/\*, a\/b\/\*\]/,
    ],
    [['a/*', 'a/{entity_id}/*'], /cannot be a prefix of another path that contains the \{entity_id\} token/],
    [['a/{entity_id}/{entity_id}/*'], /can only appear once/],
    [['a/{entity_id}/b/*'], /right before the ending wildcard/],
    [['{entity_id}/*'], /must not be the first path part/],
    [['a/x{entity_id}/*'], /cannot include any other characters/],
  ])('refuses %j, naming the user file', (ps, message) => {
    expect(() => paths(...ps)).toThrow(message);
    expect(() => paths(...ps)).toThrow(/^amplify\/storage\/resource\.ts: /);
  });
});
