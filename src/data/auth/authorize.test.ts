import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { callers } from '../../../test/support/data-fakes.js';
import { authorize } from './authorize.js';
import { checksFilter, fillOwners, rowPasses } from './record-checks.js';

const ir = dataIR([], { resourceAccess: [{ functionName: 'reader', actions: ['query'] }] });

describe('authorize', () => {
  it('guest (unauthenticated identity) reaches only guest rules', () => {
    const m = model('Pub', [field('x')], { authRules: [rules.guest()] });
    expect(authorize(m, 'get', callers.guest(), ir).grant).toBe('all');
    const authed = { mode: 'iam', principal: { kind: 'identity', identityId: 'i', authenticated: true } } as const;
    expect(authorize(m, 'get', authed, ir).grant).toBe('none');
  });

  it('a function principal is admin only for the granted actions', () => {
    const m = model('Doc', [field('x')], { authRules: [rules.owner()] });
    expect(authorize(m, 'list', callers.fn('reader'), ir).grant).toBe('all');
    expect(authorize(m, 'create', callers.fn('reader'), ir).grant).toBe('none');
  });

  it('rule operations limit what a rule grants', () => {
    const readOnly = { ...rules.authenticated(), operations: ['get', 'list'] as const };
    const m = model('Doc', [field('x')], { authRules: [{ ...readOnly, operations: [...readOnly.operations] }] });
    expect(authorize(m, 'get', callers.user('s'), ir).grant).toBe('all');
    expect(authorize(m, 'delete', callers.user('s'), ir).grant).toBe('none');
  });

  it('dynamic groups (groupsDefinedIn) check the record; a list field matches by element', () => {
    const groupsRule = { ...rules.groups([]), groups: undefined, groupsField: 'editors' };
    const m = model('Doc', [field('editors', 'String', { isArray: true })], { authRules: [groupsRule] });
    const d = authorize(m, 'get', callers.user('s', 'u', ['Blue']), ir);
    expect(d.grant).toBe('records');
    expect(rowPasses({ editors: ['Red', 'Blue'] }, d.checks)).toBe(true);
    expect(rowPasses({ editors: ['Red'] }, d.checks)).toBe(false);
    expect(checksFilter(d.checks)).toEqual({ or: [{ editors: { contains: 'Blue' } }] });
  });

  it('a custom identityClaim matches only that claim; multi-owner lists are filled as a list', () => {
    const m = model('Doc', [field('owners', 'String', { isArray: true })], {
      authRules: [rules.owner('owners', { identityClaim: 'sub' })],
    });
    const d = authorize(m, 'create', callers.user('s-1', 'ann'), ir);
    expect(d.checks).toEqual([{ field: 'owners', values: ['s-1'], isArray: true, fill: 's-1' }]);
    const input: Record<string, unknown> = {};
    fillOwners(input, d.checks);
    expect(input).toEqual({ owners: ['s-1'] });
  });
});
