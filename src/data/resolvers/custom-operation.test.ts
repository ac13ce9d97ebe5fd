import { describe, expect, it } from 'vitest';
import { dataIR } from '../../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../../test/support/data-fakes.js';
import type { RecordStore } from '../../db/ports.js';
import type { AuthRuleIR, CustomOperationIR } from '../../ir/types.js';
import { createDataService } from '../create-data-service.js';
import type { Caller } from '../types.js';

const rule = (allow: AuthRuleIR['allow'], provider: AuthRuleIR['provider'], groups?: string[]): AuthRuleIR => ({
  allow,
  provider,
  operations: [],
  ...(groups && { groups, groupClaim: 'cognito:groups' }),
});
const str = { type: { kind: 'scalar', name: 'String' }, required: false, isArray: false, arrayNullable: true } as const;
const op = (name: string, authRules: AuthRuleIR[], kind: CustomOperationIR['kind'] = 'query'): CustomOperationIR => ({
  kind,
  name,
  arguments: [{ name: 'msg', ...str }],
  returns: str,
  handlers: [{ functionName: 'fn', async: false }],
  authRules,
});

function service(ops: CustomOperationIR[], reply: (event: any) => { ok: true; result: unknown } | { ok: false; errorMessage: string }) {
  const events: any[] = [];
  const data = createDataService({
    ir: dataIR([], { customOperations: ops, resourceAccess: [{ functionName: 'reader', actions: ['query'] }] }),
    records: {} as RecordStore,
    clock: clockAt(),
    ids: countingIds(),
    cursorKey: Buffer.alloc(32),
    functions: {
      region: 'us-east-1',
      identityPoolId: 'us-east-1:pool',
      userPoolId: 'us-east-1_pool',
      invoke: async (name, event) => {
        events.push({ name, event });
        return reply(event);
      },
    },
  });
  return { data, events };
}

describe('custom operations', () => {
  const ops = [
    op('open', [rule('public', 'apiKey')]),
    op('members', [rule('private', 'userPools')]),
    op('admins', [rule('groups', 'userPools', ['Admin'])]),
    op('guests', [rule('public', 'identityPool')]),
    op('write', [rule('public', 'apiKey')], 'mutation'),
  ];

  it.each([
    ['open', callers.apiKey(), true],
    ['open', callers.user('s'), false],
    ['members', callers.user('s'), true],
    ['members', callers.apiKey(), false],
    ['members', callers.guest(), false],
    ['admins', callers.user('s', 's', ['Admin']), true],
    ['admins', callers.user('s', 's', ['Other']), false],
    ['guests', callers.guest(), true],
    ['guests', callers.user('s'), false],
    // a function granted allow.resource(...).to(['query']) reaches queries only
    ['open', callers.fn('reader'), true],
    ['write', callers.fn('reader'), false],
  ] as const)('%s for %j: allowed %s', async (name, caller, allowed) => {
    const { data, events } = service(ops, () => ({ ok: true, result: 'done' }));
    const kind = name === 'write' ? 'mutation' : 'query';
    const res = await data.execute({ query: `${kind} { ${name}(msg: "x") }` }, caller);
    if (allowed) expect(res).toEqual({ data: { [name]: 'done' } });
    else {
      expect(res.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: [name] });
      expect(events).toEqual([]);
    }
  });

  it('sends the AppSync Lambda event with the user-pool identity and the selection', async () => {
    const { data, events } = service(ops, () => ({ ok: true, result: 'ok' }));
    const caller = callers.user('sub-1', 'ann', ['Admin']);
    await data.execute(
      {
        query: 'query Q($m: String) { members(msg: $m) }',
        variables: { m: 'hello' },
        context: { headers: { 'x-app': '1' }, sourceIp: '10.0.0.1' },
      },
      caller,
    );
    expect(events[0].name).toBe('fn');
    expect(events[0].event).toMatchObject({
      typeName: 'Query',
      fieldName: 'members',
      arguments: { msg: 'hello' },
      identity: { sub: 'sub-1', username: 'ann', groups: ['Admin'], sourceIp: ['10.0.0.1'], defaultAuthStrategy: 'ALLOW' },
      source: null,
      prev: null,
      request: { headers: { 'x-app': '1' } },
      info: { parentTypeName: 'Query', fieldName: 'members', selectionSetList: [], variables: { m: 'hello' } },
      stash: {},
    });
  });

  it('an OIDC caller reaches only oidc-provider operations, and the function sees its claims, issuer and sub', async () => {
    const oidcOps = [op('partners', [rule('private', 'oidc')]), op('partnerAdmins', [rule('groups', 'oidc', ['Admin'])]), ...ops];
    const { data, events } = service(oidcOps, () => ({ ok: true, result: 'ok' }));
    const raw = { sub: 'p-1', iss: 'https://idp.example.com', 'cognito:groups': ['Admin'] };
    const partner = (groups: string[]): Caller => ({
      mode: 'oidc',
      claims: { sub: 'p-1', username: '', groups, clientId: 'web', exp: 0, iat: 0, jti: '', raw },
    });
    expect(await data.execute({ query: '{ partners(msg: "x") }' }, partner([]))).toEqual({ data: { partners: 'ok' } });
    expect(events[0].event.identity).toEqual({ claims: raw, issuer: 'https://idp.example.com', sub: 'p-1' });
    expect(await data.execute({ query: '{ partnerAdmins(msg: "x") }' }, partner(['Admin']))).toEqual({ data: { partnerAdmins: 'ok' } });
    for (const [query, caller] of [
      ['{ partnerAdmins(msg: "x") }', partner(['Other'])],
      ['{ members(msg: "x") }', partner(['Admin'])],
      ['{ partners(msg: "x") }', callers.user('s')],
    ] as const) {
      expect((await data.execute({ query }, caller)).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    }
    expect(events).toHaveLength(2);
  });

  it('gives IAM identities their identity-pool fields and API-key callers a null identity', async () => {
    const { data, events } = service(ops, () => ({ ok: true, result: 'ok' }));
    await data.execute({ query: '{ guests(msg: "g") }' }, callers.guest());
    await data.execute({ query: '{ open(msg: "k") }' }, callers.apiKey());
    expect(events[0].event.identity).toMatchObject({
      cognitoIdentityPoolId: 'us-east-1:pool',
      cognitoIdentityId: 'us-east-1:g',
      cognitoIdentityAuthType: 'unauthenticated',
    });
    expect(events[1].event.identity).toBeNull();
  });

  it('turns a handler failure into Lambda:Unhandled with its message', async () => {
    const { data } = service(ops, () => ({ ok: false, errorMessage: 'boom' }));
    const res = await data.execute({ query: '{ open(msg: "x") }' }, callers.apiKey());
    expect(res).toEqual({
      data: { open: null },
      errors: [expect.objectContaining({ errorType: 'Lambda:Unhandled', message: 'boom', path: ['open'] })],
    });
  });

  it('runs a pipeline in order, passing the previous result as prev.result', async () => {
    const pipeline: CustomOperationIR = {
      ...op('chain', [rule('public', 'apiKey')]),
      handlers: [
        { functionName: 'first', async: false },
        { functionName: 'second', async: false },
      ],
    };
    const { data, events } = service([pipeline], (e) => ({ ok: true, result: e.prev ? `${e.prev.result}+2` : '1' }));
    expect(await data.execute({ query: '{ chain(msg: "x") }' }, callers.apiKey())).toEqual({ data: { chain: '1+2' } });
    expect(events.map((e) => e.name)).toEqual(['first', 'second']);
  });
});
