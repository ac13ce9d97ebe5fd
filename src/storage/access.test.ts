import { describe, expect, it } from 'vitest';
import type { StorageAction, StorageBucketIR, StorageGrantIR, StoragePrincipal } from '../ir/types.js';
import { checkStorageAccess } from './access.js';
import type { StorageCaller, StorageTarget } from './types.js';

const g = (principal: StoragePrincipal, ...actions: StorageAction[]): StorageGrantIR => ({ principal, actions });
const guest = { kind: 'guest' } as const;
const authenticated = { kind: 'authenticated' } as const;
const owner = { kind: 'entity' } as const;
const group = (name: string) => ({ kind: 'group', group: name }) as const;
const fn = (functionName: string) => ({ kind: 'resource', functionName }) as const;
const READ: StorageAction[] = ['get', 'list'];
const ALL: StorageAction[] = ['get', 'list', 'write', 'delete'];

const bucket = (paths: Record<string, StorageGrantIR[]>): StorageBucketIR => ({
  name: 'files',
  bucketName: 'amplify-app-files-00000000',
  isDefault: true,
  paths: Object.entries(paths).map(([path, grants]) => ({ path, grants })),
  triggers: {},
  definedIn: 'amplify/storage/resource.ts',
});

/** the Amplify docs' rules, plus nested paths */
const files = bucket({
  'public/*': [g(guest, ...READ), g(authenticated, 'get', 'list', 'write')],
  'profile-pictures/{entity_id}/*': [g(guest, ...READ), g(owner, ...ALL)],
  'admin/*': [g(group('ADMINS'), ...ALL), g(authenticated, ...READ)],
  'admin/secret/*': [g(group('ADMINS'), ...READ)],
  'docs/*': [g(authenticated, ...READ)],
  'docs/drafts/*': [g(guest, 'get')],
  'reports/*': [g(fn('file-report'), ...ALL), g(authenticated, ...READ)],
});

const A = 'us-east-1:aaaa-1111';
const B = 'us-east-1:bbbb-2222';
const callers: Record<string, StorageCaller> = {
  guest: { kind: 'identity', identityId: 'us-east-1:guest-0', authenticated: false, groups: [] },
  alice: { kind: 'identity', identityId: A, authenticated: true, groups: [] },
  boss: { kind: 'identity', identityId: B, authenticated: true, groups: ['ADMINS'] },
  report: { kind: 'function', functionName: 'file-report' },
  other: { kind: 'function', functionName: 'other-fn' },
  admin: { kind: 'admin' },
};
const key = (k: string): StorageTarget => ({ key: k });
const prefix = (p: string): StorageTarget => ({ prefix: p });

describe('checkStorageAccess', () => {
  it.each<[string, StorageAction, StorageTarget, boolean]>([
    // guests
    ['guest', 'get', key('public/cat.jpg'), true],
    ['guest', 'write', key('public/cat.jpg'), false],
    ['guest', 'list', prefix('public/'), true],
    ['guest', 'list', prefix('public/2024/'), true],
    ['guest', 'list', prefix('public'), false],
    ['guest', 'list', prefix(''), false],
    ['guest', 'get', key('docs/readme.md'), false],
    ['guest', 'get', key('private.txt'), false],
    // signed-in users
    ['alice', 'write', key('public/cat.jpg'), true],
    ['alice', 'delete', key('public/cat.jpg'), false],
    ['alice', 'get', key('docs/readme.md'), true],
    ['alice', 'write', key('docs/readme.md'), false],
    // {entity_id}: the owner only, guests read the whole folder (Amplify folds `a/*/*` to `a/*`)
    ['alice', 'write', key(`profile-pictures/${A}/me.jpg`), true],
    ['alice', 'delete', key(`profile-pictures/${A}/me.jpg`), true],
    ['alice', 'get', key(`profile-pictures/${A}/sub/dir/me.jpg`), true],
    ['alice', 'write', key(`profile-pictures/${B}/me.jpg`), false],
    ['alice', 'get', key(`profile-pictures/${B}/me.jpg`), false],
    ['alice', 'write', key(`profile-pictures/${A}x/me.jpg`), false],
    ['alice', 'write', key(`profile-pictures/${A}`), false],
    ['alice', 'list', prefix(`profile-pictures/${A}/`), true],
    ['alice', 'list', prefix(`profile-pictures/${B}/`), false],
    ['alice', 'list', prefix('profile-pictures/'), false],
    ['guest', 'get', key(`profile-pictures/${A}/me.jpg`), true],
    ['guest', 'list', prefix('profile-pictures/'), true],
    ['guest', 'write', key(`profile-pictures/${A}/me.jpg`), false],
    // groups, and a signed-in group member keeps the authenticated and owner rules (see access.ts)
    ['boss', 'write', key('admin/plan.txt'), true],
    ['alice', 'write', key('admin/plan.txt'), false],
    ['alice', 'get', key('admin/plan.txt'), true],
    ['boss', 'write', key(`profile-pictures/${B}/me.jpg`), true],
    ['boss', 'write', key('public/x'), true],
    // a sub-path takes nothing from its parent
    ['alice', 'get', key('admin/secret/keys.txt'), false],
    ['alice', 'list', prefix('admin/secret/'), false],
    ['alice', 'list', prefix('admin/'), true],
    ['boss', 'get', key('admin/secret/keys.txt'), true],
    ['boss', 'write', key('admin/secret/keys.txt'), false],
    ['boss', 'delete', key('admin/secret/keys.txt'), false],
    ['alice', 'get', key('docs/drafts/next.md'), false],
    ['guest', 'get', key('docs/drafts/next.md'), true],
    ['guest', 'list', prefix('docs/drafts/'), false],
    // functions
    ['report', 'write', key('reports/2024.csv'), true],
    ['report', 'list', prefix('reports/'), true],
    ['report', 'write', key('public/x'), false],
    ['other', 'get', key('reports/2024.csv'), false],
    // admin credentials
    ['admin', 'delete', key('anything/at/all'), true],
    ['admin', 'list', prefix(''), true],
  ])('%s %s %j → %s', (who, action, target, expected) => {
    expect(checkStorageAccess(files, callers[who] as StorageCaller, action, target)).toBe(expected);
  });

  it('keeps the owner and the folder apart when one path grants both', () => {
    const media = bucket({ 'media/{entity_id}/*': [g(authenticated, ...READ), g(owner, 'write')] });
    const alice = callers.alice as StorageCaller;
    expect(checkStorageAccess(media, alice, 'get', key(`media/${B}/x.png`))).toBe(true);
    expect(checkStorageAccess(media, alice, 'write', key(`media/${A}/x.png`))).toBe(true);
    expect(checkStorageAccess(media, alice, 'write', key(`media/${B}/x.png`))).toBe(false);
  });

  it('reads an owner path with group and authenticated rules as Amplify deploys it (protected/{entity_id}/*)', () => {
    const b = bucket({
      'protected/{entity_id}/*': [
        g(authenticated, ...READ),
        g(owner, ...ALL),
        g(group('ADMINS'), ...ALL),
        g(group('EDITORS'), 'get', 'list', 'write'),
      ],
    });
    const editor: StorageCaller = { kind: 'identity', identityId: 'us-east-1:ed', authenticated: true, groups: ['EDITORS'] };
    const cases: [StorageCaller, StorageAction, string, boolean][] = [
      [callers.alice as StorageCaller, 'get', `protected/${B}/a.txt`, true],
      [callers.alice as StorageCaller, 'write', `protected/${A}/a.txt`, true],
      [callers.alice as StorageCaller, 'write', `protected/${B}/a.txt`, false],
      [callers.boss as StorageCaller, 'delete', `protected/${A}/a.txt`, true],
      [editor, 'write', `protected/${A}/a.txt`, true],
      [editor, 'delete', `protected/${A}/a.txt`, false],
      [callers.guest as StorageCaller, 'get', `protected/${A}/a.txt`, false],
    ];
    for (const [caller, action, k, expected] of cases)
      expect([caller, action, k, checkStorageAccess(b, caller, action, key(k))]).toEqual([caller, action, k, expected]);
  });

  it('denies a sibling path under the folder an owner path opens, as Amplify does', () => {
    const media = bucket({ 'media/{entity_id}/*': [g(authenticated, ...READ)], 'media/public/*': [g(guest, ...READ)] });
    expect(checkStorageAccess(media, callers.alice as StorageCaller, 'get', key(`media/${B}/x.png`))).toBe(true);
    expect(checkStorageAccess(media, callers.alice as StorageCaller, 'get', key('media/public/x.png'))).toBe(false);
    expect(checkStorageAccess(media, callers.guest as StorageCaller, 'get', key('media/public/x.png'))).toBe(true);
  });

  it('lets nobody but admin into a bucket without rules', () => {
    const bare = bucket({});
    for (const who of ['guest', 'alice', 'boss', 'report'])
      expect(checkStorageAccess(bare, callers[who] as StorageCaller, 'get', key('public/x'))).toBe(false);
    expect(checkStorageAccess(bare, callers.admin as StorageCaller, 'get', key('public/x'))).toBe(true);
  });

  it('decides in microseconds', () => {
    const n = 200_000;
    const boss = callers.boss as StorageCaller;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) checkStorageAccess(files, boss, 'get', key('admin/secret/keys.txt'));
    const perCallNs = Number(process.hrtime.bigint() - t0) / n;
    console.log(`checkStorageAccess: ${perCallNs.toFixed(0)} ns per decision`);
    expect(perCallNs).toBeLessThan(5_000);
  });
});
