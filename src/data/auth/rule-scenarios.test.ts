import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { callers, claims } from '../../../test/support/data-fakes.js';
import type { AuthRuleIR, ModelOperation } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { authorizeRead, canReadRecord } from './authorize-read.js';
import type { DataOperation } from './types.js';

/**
 * One row per (rule, caller, operation, stored record): what the caller gets. `filtered` means the
 * read is allowed only for records passing the rule's check; the record column says whether this
 * particular record passes (`canReadRecord`). Mirrors the auth transformer's per-mode branches
 * (reference §3, §3.1).
 */
const ir = dataIR([], {
  resourceAccess: [
    { functionName: 'reader', actions: ['query'] },
    { functionName: 'writer', actions: ['mutate'] },
    { functionName: 'listener', actions: ['listen'] },
  ],
});

const ops = (...o: ModelOperation[]) => o;
const withOps = (r: AuthRuleIR, o: ModelOperation[]): AuthRuleIR => ({ ...r, operations: o });
const rule = {
  publicApiKey: rules.publicApiKey(),
  guest: rules.guest(),
  authUserPools: rules.authenticated(),
  authIdentityPool: { ...rules.authenticated(), provider: 'identityPool' } as AuthRuleIR,
  owner: rules.owner(),
  ownerEmail: rules.owner('owner', { identityClaim: 'email' }),
  ownerSubEmail: rules.owner('owner', { identityClaim: 'sub::email' }),
  owners: rules.owner('owners'),
  groupAdmin: rules.groups(['Admin']),
  groupRolesClaim: { ...rules.groups(['Admin']), groupClaim: 'roles' } as AuthRuleIR,
  groupDefinedIn: { ...rules.groups([]), groups: undefined, groupsField: 'team' } as AuthRuleIR,
  groupsDefinedIn: { ...rules.groups([]), groups: undefined, groupsField: 'editors' } as AuthRuleIR,
  custom: { allow: 'custom', provider: 'function', operations: ops('create', 'update', 'delete', 'get', 'list', 'listen') } as AuthRuleIR,
  readOnlyKey: withOps(rules.publicApiKey(), ops('get', 'list', 'listen', 'sync', 'search')),
  getOnlyOwner: withOps(rules.owner(), ops('get')),
  authOidc: { ...rules.authenticated(), provider: 'oidc' } as AuthRuleIR,
  ownerOidc: { ...rules.owner(), provider: 'oidc' } as AuthRuleIR,
  ownerOidcUserId: { ...rules.owner('owner', { identityClaim: 'user_id' }), provider: 'oidc' } as AuthRuleIR,
  groupAdminOidc: { ...rules.groups(['Admin']), provider: 'oidc', groupClaim: 'groups' } as AuthRuleIR,
};

const alice = callers.user('a-sub', 'alice', ['Blue']);
const aliceEmail: Caller = { mode: 'userPool', claims: { ...claims('a-sub', 'alice'), raw: { email: 'a@x.org' } } };
const admin = callers.user('ad-sub', 'ad', ['Admin']);
const jsonRolesAdmin: Caller = { mode: 'userPool', claims: { ...claims('ad-sub', 'ad'), raw: { roles: '["Admin","Ops"]' } } };
const rolesAdmin: Caller = { mode: 'userPool', claims: { ...claims('ad-sub', 'ad'), raw: { roles: ['Admin'] } } };
const authedIdentity: Caller = { mode: 'iam', principal: { kind: 'identity', identityId: 'i', authenticated: true } };
const lambda: Caller = { mode: 'lambda', resolverContext: {}, deniedFields: [] };
// tokens of the API's OpenID Provider, read as oidc-auth.ts reads them
const oidcCaller = (sub: string, username: string, raw: Record<string, unknown>, groups: string[] = []): Caller => ({
  mode: 'oidc',
  claims: { ...claims(sub, username, groups), raw: { sub, ...raw } },
});
const oidcAlice = oidcCaller('a-sub', 'alice', { username: 'alice', user_id: 'uid-a' });
const oidcNoUsername = oidcCaller('a-sub', '', {});
const oidcAdmin = oidcCaller('ad-sub', 'ad', { groups: ['Admin'], 'cognito:groups': ['Admin'] }, ['Admin']);

const mine = { owner: 'a-sub::alice', owners: ['x', 'alice'], team: 'Blue', editors: ['Red', 'Blue'] };
const theirs = { owner: 'b-sub::bob', owners: ['bob'], team: 'Red', editors: ['Red'] };

type Expect = 'allowed' | 'denied' | 'filtered:pass' | 'filtered:fail';
type Row = [string, AuthRuleIR, Caller, DataOperation, Record<string, unknown>, Expect];

const table: Row[] = [
  ['publicApiKey · API key · list', rule.publicApiKey, callers.apiKey(), 'list', theirs, 'allowed'],
  ['publicApiKey · user pool · get (API key rules reach only keys)', rule.publicApiKey, alice, 'get', theirs, 'denied'],
  ['read-only key · API key · listen', rule.readOnlyKey, callers.apiKey(), 'listen', theirs, 'allowed'],
  ['guest · unauthenticated identity · get', rule.guest, callers.guest(), 'get', theirs, 'allowed'],
  ['guest · authenticated identity · get', rule.guest, authedIdentity, 'get', theirs, 'denied'],
  ['guest · API key · get', rule.guest, callers.apiKey(), 'get', theirs, 'denied'],
  ['authenticated() · user pool · list', rule.authUserPools, alice, 'list', theirs, 'allowed'],
  ['authenticated() · authenticated identity (provider differs)', rule.authUserPools, authedIdentity, 'get', theirs, 'denied'],
  ["authenticated('identityPool') · authenticated identity", rule.authIdentityPool, authedIdentity, 'get', theirs, 'allowed'],
  ["authenticated('identityPool') · guest identity", rule.authIdentityPool, callers.guest(), 'get', theirs, 'denied'],
  ["authenticated('identityPool') · user pool", rule.authIdentityPool, alice, 'get', theirs, 'denied'],
  ['owner · owner · get', rule.owner, alice, 'get', mine, 'filtered:pass'],
  ['owner · someone else · get', rule.owner, alice, 'get', theirs, 'filtered:fail'],
  ['owner · owner · listen', rule.owner, alice, 'listen', mine, 'filtered:pass'],
  ['owner · API key · list', rule.owner, callers.apiKey(), 'list', mine, 'denied'],
  ['owner · guest identity · list', rule.owner, callers.guest(), 'list', mine, 'denied'],
  ['owner.to([get]) · owner · list', rule.getOnlyOwner, alice, 'list', mine, 'denied'],
  ['owner.to([get]) · owner · listen', rule.getOnlyOwner, alice, 'listen', mine, 'denied'],
  ["owner.identityClaim('email') · owner by email", rule.ownerEmail, aliceEmail, 'get', { owner: 'a@x.org' }, 'filtered:pass'],
  ["owner.identityClaim('email') · sub::username is not the claim", rule.ownerEmail, aliceEmail, 'get', mine, 'filtered:fail'],
  ["owner.identityClaim('sub::email') · joined form", rule.ownerSubEmail, aliceEmail, 'get', { owner: 'a-sub::a@x.org' }, 'filtered:pass'],
  ["owner.identityClaim('sub::email') · one part alone", rule.ownerSubEmail, aliceEmail, 'get', { owner: 'a@x.org' }, 'filtered:pass'],
  ['ownersDefinedIn · listed owner', rule.owners, alice, 'get', mine, 'filtered:pass'],
  ['ownersDefinedIn · not listed', rule.owners, alice, 'get', theirs, 'filtered:fail'],
  ['group(Admin) · member', rule.groupAdmin, admin, 'delete', theirs, 'allowed'],
  ['group(Admin) · non-member', rule.groupAdmin, alice, 'get', theirs, 'denied'],
  ["group(Admin).withClaimIn('roles') · claim holds it", rule.groupRolesClaim, rolesAdmin, 'get', theirs, 'allowed'],
  ["group(Admin).withClaimIn('roles') · claim is a JSON list string", rule.groupRolesClaim, jsonRolesAdmin, 'get', theirs, 'allowed'],
  ["group(Admin).withClaimIn('roles') · cognito:groups ignored", rule.groupRolesClaim, admin, 'get', theirs, 'denied'],
  ['groupDefinedIn · caller in the group', rule.groupDefinedIn, alice, 'get', mine, 'filtered:pass'],
  ['groupDefinedIn · caller not in it', rule.groupDefinedIn, alice, 'get', theirs, 'filtered:fail'],
  ['groupsDefinedIn · one of the groups', rule.groupsDefinedIn, alice, 'list', mine, 'filtered:pass'],
  ['groupsDefinedIn · none of them', rule.groupsDefinedIn, alice, 'list', theirs, 'filtered:fail'],
  ['custom · Lambda-authorized caller', rule.custom, lambda, 'list', theirs, 'allowed'],
  ['custom · user pool', rule.custom, alice, 'list', theirs, 'denied'],
  ['owner · Lambda-authorized caller', rule.owner, lambda, 'get', mine, 'denied'],
  ['owner · function granted query · list', rule.owner, callers.fn('reader'), 'list', theirs, 'allowed'],
  ['owner · function granted query · listen', rule.owner, callers.fn('reader'), 'listen', theirs, 'denied'],
  ['owner · function granted listen · listen', rule.owner, callers.fn('listener'), 'listen', theirs, 'allowed'],
  ['owner · function granted mutate · get', rule.owner, callers.fn('writer'), 'get', theirs, 'denied'],
  ['owner · function without grant · get', rule.owner, callers.fn('stranger'), 'get', theirs, 'denied'],
  // the oidc provider: its tokens reach its rules only, and user pool tokens never reach them
  ["authenticated('oidc') · OIDC token", rule.authOidc, oidcAlice, 'list', theirs, 'allowed'],
  ["authenticated('oidc') · user pool token", rule.authOidc, alice, 'list', theirs, 'denied'],
  ['authenticated() (user pools) · OIDC token', rule.authUserPools, oidcAlice, 'list', theirs, 'denied'],
  ["owner('oidc') · owner", rule.ownerOidc, oidcAlice, 'get', mine, 'filtered:pass'],
  ["owner('oidc') · someone else", rule.ownerOidc, oidcAlice, 'get', theirs, 'filtered:fail'],
  [
    "owner('oidc') · no username claim: sub::username grants nothing (AppSync's null claim)",
    rule.ownerOidc,
    oidcNoUsername,
    'get',
    mine,
    'filtered:fail',
  ],
  ['owner (user pools) · OIDC token', rule.owner, oidcAlice, 'get', mine, 'denied'],
  ["owner('oidc').identityClaim('user_id') · owner", rule.ownerOidcUserId, oidcAlice, 'get', { owner: 'uid-a' }, 'filtered:pass'],
  ["group(Admin, 'oidc').withClaimIn('groups') · member", rule.groupAdminOidc, oidcAdmin, 'get', theirs, 'allowed'],
  ["group(Admin, 'oidc').withClaimIn('groups') · non-member", rule.groupAdminOidc, oidcAlice, 'get', theirs, 'denied'],
  ['group(Admin) (user pools) · OIDC admin', rule.groupAdmin, oidcAdmin, 'get', theirs, 'denied'],
];

describe('authorization scenarios: rule × caller × operation × record', () => {
  const m = (r: AuthRuleIR) =>
    model('Doc', [field('owners', 'String', { isArray: true }), field('team'), field('editors', 'String', { isArray: true })], {
      authRules: [r],
      trailing: [field('owner')],
    });

  it.each(table)('%s', (_name, r, caller, op, record, expected) => {
    if (op === 'create' || op === 'update' || op === 'delete') {
      // writes: a static grant is enough; record-scoped writes are covered in authorize-write.test.ts
      const read = authorizeRead(m(r), caller, ir, 'get');
      expect(read.kind === 'allow' ? 'allowed' : 'denied').toBe(expected);
      return;
    }
    const a = authorizeRead(m(r), caller, ir, op);
    const got: Expect =
      a.kind === 'allow'
        ? 'allowed'
        : a.kind === 'deny'
          ? 'denied'
          : canReadRecord(m(r), caller, ir, record, op)
            ? 'filtered:pass'
            : 'filtered:fail';
    expect(got).toBe(expected);
  });

  it('the owner filter matches the three stored forms (sub::username, sub, username)', () => {
    const a = authorizeRead(m(rule.owner), alice, ir, 'list');
    expect(a).toMatchObject({
      kind: 'filter',
      authFilter: { or: [{ owner: { eq: 'a-sub::alice' } }, { owner: { eq: 'a-sub' } }, { owner: { eq: 'alice' } }] },
    });
    for (const stored of ['a-sub::alice', 'a-sub', 'alice']) expect(canReadRecord(m(rule.owner), alice, ir, { owner: stored })).toBe(true);
  });

  it('a list owner field and a group list field filter with contains', () => {
    expect(authorizeRead(m(rule.owners), alice, ir)).toMatchObject({
      authFilter: { or: expect.arrayContaining([{ owners: { contains: 'alice' } }]) },
    });
    expect(authorizeRead(m(rule.groupsDefinedIn), alice, ir)).toMatchObject({ authFilter: { or: [{ editors: { contains: 'Blue' } }] } });
  });

  it('a user in no group gets a filter nothing passes, not every record', () => {
    const nobody = callers.user('n-sub', 'n', []);
    const a = authorizeRead(m(rule.groupsDefinedIn), nobody, ir);
    expect(a).toMatchObject({ kind: 'filter', authFilter: { or: [] } });
    expect(canReadRecord(m(rule.groupsDefinedIn), nobody, ir, { editors: [] })).toBe(false);
  });
});
