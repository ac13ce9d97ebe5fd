import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { callers } from '../../../test/support/data-fakes.js';
import type { Caller } from '../types.js';
import { applyFieldAuth, fieldAllowed, lambdaDenied } from './field-auth.js';

const ir = dataIR([], { resourceAccess: [{ functionName: 'listener', actions: ['listen'] }] });
const doc = model('Doc', [field('title'), field('secret', 'String', { authRules: [rules.owner()] })], {
  authRules: [rules.authenticated()],
  trailing: [field('owner')],
});
const row = { id: 'd1', title: 't', secret: 's', owner: 'a-sub::alice' };

describe('field-level rules outside graphql-js (subscriptions, nested reads)', () => {
  it('applyFieldAuth nulls what the caller may not read and says which fields', () => {
    expect(applyFieldAuth(doc, callers.user('b-sub', 'bob'), ir, row)).toEqual({ row: { ...row, secret: null }, denied: ['secret'] });
    expect(applyFieldAuth(doc, callers.user('a-sub', 'alice'), ir, row)).toEqual({ row, denied: [] });
  });

  it('a function granted any action passes field checks on reads (admin role)', () => {
    expect(fieldAllowed({ model: doc, field: 'secret', caller: callers.fn('listener'), ir, row, op: 'listen' })).toBe(true);
    expect(fieldAllowed({ model: doc, field: 'secret', caller: callers.fn('listener'), ir, row, op: 'update' })).toBe(false);
  });

  it('Lambda deniedFields match Type.field and AppSync field ARNs', () => {
    const c: Caller = {
      mode: 'lambda',
      resolverContext: {},
      deniedFields: ['Doc.title', 'arn:aws:appsync:us-east-1:111122223333:apis/abc/types/Doc/fields/secret'],
    };
    expect(lambdaDenied(c, 'Doc', 'title')).toBe(true);
    expect(lambdaDenied(c, 'Doc', 'secret')).toBe(true);
    expect(lambdaDenied(c, 'Doc', 'id')).toBe(false);
    expect(lambdaDenied(callers.apiKey(), 'Doc', 'title')).toBe(false);
  });
});
