import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { callers } from '../../../test/support/data-fakes.js';
import type { Row } from '../../db/ports.js';
import type { AuthRuleIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { authorizeWrite } from './authorize-write.js';

const ir = dataIR([], {
  resourceAccess: [
    { functionName: 'writer', actions: ['mutate'] },
    { functionName: 'reader', actions: ['query'] },
  ],
});
const alice = callers.user('a-sub', 'alice');
const bob = callers.user('b-sub', 'bob', ['Editors']);
const ownerRule = rules.owner();
const editors: AuthRuleIR = { ...rules.groups([]), groups: undefined, groupsField: 'editors', operations: ['update'] };
// the owner field may be read but not written: Amplify's documented guard against reassignment
const lockedOwner = field('owner', 'String', { authRules: [{ ...rules.owner(), operations: ['get', 'list', 'listen'] }] });

const plain = model('Doc', [field('title'), field('editors', 'String', { isArray: true })], {
  authRules: [ownerRule, editors],
  trailing: [field('owner')],
});
const locked = model('Doc', [field('title'), field('secret', 'String', { authRules: [rules.owner()] })], {
  authRules: [ownerRule],
  trailing: [lockedOwner],
});

const stored: Row = { id: 'd1', title: 't', owner: 'a-sub::alice', editors: ['Editors'] };
const write = (m: typeof plain, caller: Caller, op: 'create' | 'update' | 'delete', input: Row, existing: Row | undefined = stored) =>
  authorizeWrite({ model: m, caller, ir, op, input, loadExisting: async () => existing });

describe('authorizeWrite: create, update, delete', () => {
  it.each([
    [
      'owner creates; owner stamped',
      plain,
      alice,
      'create',
      { id: 'n', title: 'x' },
      { kind: 'allow', input: { id: 'n', title: 'x', owner: 'a-sub::alice' } },
    ],
    ['create naming someone else as owner', plain, alice, 'create', { title: 'x', owner: 'bob' }, { kind: 'deny' }],
    ['create naming the owner by username', plain, alice, 'create', { title: 'x', owner: 'alice' }, { kind: 'allow' }],
    [
      'owner updates; the owner check travels as the write condition',
      plain,
      alice,
      'update',
      { id: 'd1', title: 'y' },
      {
        kind: 'allow',
        authFilter: { or: [{ owner: { eq: 'a-sub::alice' } }, { owner: { eq: 'a-sub' } }, { owner: { eq: 'alice' } }] },
      },
    ],
    ['owner reassigns ownership (no field rule forbids it)', plain, alice, 'update', { id: 'd1', owner: 'b-sub::bob' }, { kind: 'allow' }],
    [
      'editor (groupsDefinedIn) updates',
      plain,
      bob,
      'update',
      { id: 'd1', title: 'y' },
      { kind: 'allow', authFilter: { or: expect.arrayContaining([{ editors: { contains: 'Editors' } }]) } },
    ],
    ['editor deletes (rule is update-only)', plain, bob, 'delete', { id: 'd1' }, { kind: 'deny' }],
    ['stranger updates', plain, callers.user('c', 'carol'), 'update', { id: 'd1', title: 'y' }, { kind: 'deny' }],
    ['API key on a model without publicApiKey', plain, callers.apiKey(), 'create', { title: 'x' }, { kind: 'deny' }],
    ['function granted mutate', plain, callers.fn('writer'), 'delete', { id: 'd1' }, { kind: 'allow' }],
    ['function granted only query', plain, callers.fn('reader'), 'update', { id: 'd1', title: 'y' }, { kind: 'deny' }],
    [
      'owner with a read-only owner field reassigns',
      locked,
      alice,
      'update',
      { id: 'd1', owner: 'bob' },
      { kind: 'deniedFields', fields: ['owner'] },
    ],
    ['owner writes a field only the owner may write', locked, alice, 'update', { id: 'd1', secret: 's' }, { kind: 'allow' }],
    [
      'create with a read-only owner field: the stamped owner is not a client write',
      locked,
      alice,
      'create',
      { title: 'x' },
      { kind: 'allow' },
    ],
  ] as const)('%s', async (_name, m, caller, op, input, expected) => {
    expect(await write(m, caller, op, { ...input })).toMatchObject(expected);
  });

  it('a missing record is reported as such (a failed condition), not as a refusal', async () => {
    const res = await authorizeWrite({
      model: plain,
      caller: alice,
      ir,
      op: 'update',
      input: { id: 'zz' },
      loadExisting: async () => undefined,
    });
    expect(res).toEqual({ kind: 'notFound' });
  });

  it('a refused caller is answered without reading the record', async () => {
    let loaded = false;
    const res = await authorizeWrite({
      model: plain,
      caller: callers.apiKey(),
      ir,
      op: 'delete',
      input: { id: 'd1' },
      loadExisting: async () => {
        loaded = true;
        return stored;
      },
    });
    expect(res).toEqual({ kind: 'deny' });
    expect(loaded).toBe(false);
  });

  it('multi-owner create stamps a one-element list', async () => {
    const shared = model('Shared', [field('owners', 'String', { isArray: true })], { authRules: [rules.owner('owners')] });
    expect(await write(shared, alice, 'create', {})).toMatchObject({ kind: 'allow', input: { owners: ['a-sub::alice'] } });
    expect(await write(shared, alice, 'create', { owners: ['bob', 'alice'] })).toMatchObject({ kind: 'allow' });
    expect(await write(shared, alice, 'create', { owners: ['bob'] })).toEqual({ kind: 'deny' });
  });
});
