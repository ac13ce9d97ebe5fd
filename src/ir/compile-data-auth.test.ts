import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../backend/definition.js';
import type { BackendRegistration } from '../backend/registry.js';
import { compileBackend } from './compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-ir-auth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fn(dir: string) {
  mkdirSync(join(root, 'amplify', dir), { recursive: true });
  writeFileSync(join(root, 'amplify', dir, 'handler.ts'), 'export const handler = async () => ({ isAuthorized: true });');
  return makeDefinition('function', {}, join(root, 'amplify', dir, 'resource.ts'));
}
const compile = (dataProps: Record<string, unknown>) => {
  const reg: BackendRegistration = {
    resources: { data: makeDefinition('data', dataProps, join(root, 'amplify/data/resource.ts')) },
    outputs: [],
    definedIn: join(root, 'amplify/backend.ts'),
  };
  return compileBackend(reg, root).ir;
};

describe('data authorization in the IR', () => {
  it('compiles every rule builder with the transformer defaults, field rules included', () => {
    const schema = a.schema({
      Doc: a
        .model({
          title: a.string(),
          secret: a.string().authorization((allow) => [allow.owner().to(['read', 'update']), allow.groups(['Admin'])]),
          owners: a.string().array(),
          editors: a.string().array(),
        })
        .authorization((allow) => [
          allow.publicApiKey().to(['read']),
          allow.guest().to(['get']),
          allow.authenticated('identityPool'),
          allow.owner().identityClaim('email'),
          allow.ownersDefinedIn('owners'),
          allow.groupsDefinedIn('editors'),
          allow.group('Admin').withClaimIn('roles'),
          allow.custom(),
        ]),
    });
    const ir = compile({
      schema,
      authorizationModes: { defaultAuthorizationMode: 'apiKey', lambdaAuthorizationMode: { function: fn('gate') } },
    });
    const doc = ir.data?.models[0];
    expect(doc?.authRules).toEqual([
      { allow: 'public', provider: 'apiKey', operations: ['get', 'list', 'sync', 'listen', 'search'] },
      { allow: 'public', provider: 'identityPool', operations: ['get'] },
      { allow: 'private', provider: 'identityPool', operations: expect.arrayContaining(['create', 'delete', 'listen']) },
      expect.objectContaining({ allow: 'owner', provider: 'userPools', ownerField: 'owner', identityClaim: 'email' }),
      expect.objectContaining({ allow: 'owner', ownerField: 'owners', identityClaim: 'sub::username' }),
      expect.objectContaining({ allow: 'groups', groupsField: 'editors', groupClaim: 'cognito:groups' }),
      expect.objectContaining({ allow: 'groups', groups: ['Admin'], groupClaim: 'roles' }),
      expect.objectContaining({ allow: 'custom', provider: 'function' }),
    ]);
    const secret = doc?.fields.find((f) => f.name === 'secret');
    // field rules never carry delete: a record is deleted whole, under the model's rules
    expect(secret?.authRules).toEqual([
      expect.objectContaining({ allow: 'owner', operations: ['get', 'list', 'sync', 'listen', 'search', 'update'] }),
      expect.objectContaining({
        allow: 'groups',
        groups: ['Admin'],
        operations: ['create', 'update', 'get', 'list', 'sync', 'listen', 'search'],
      }),
    ]);
    expect(ir.data?.lambdaAuthorizer).toEqual({ functionName: 'gate', ttlSeconds: 60 });
    expect(ir.data?.authModes).toContain('lambda');
  });

  it('a field-level owner rule adds the owner field, as the transformer does', () => {
    const schema = a.schema({
      Doc: a.model({ secret: a.string().authorization((allow) => [allow.owner()]) }).authorization((allow) => [allow.authenticated()]),
    });
    const ir = compile({ schema });
    expect(ir.data?.models[0]?.fields.map((f) => f.name)).toEqual(['secret', 'id', 'createdAt', 'updatedAt', 'owner']);
  });

  it('allow.custom() without a lambdaAuthorizationMode is a config error naming the model', () => {
    const schema = a.schema({ Doc: a.model({ t: a.string() }).authorization((allow) => [allow.custom()]) });
    expect(() => compile({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: {} } })).toThrow(
      /model Doc uses allow.custom\(\), which needs defineData\(\{ authorizationModes: \{ lambdaAuthorizationMode/,
    );
  });

  it('timeToLiveInSeconds is kept and checked', () => {
    const schema = a.schema({ Doc: a.model({ t: a.string() }).authorization((allow) => [allow.custom()]) });
    const modes = (ttl: number) => ({
      defaultAuthorizationMode: 'lambda',
      lambdaAuthorizationMode: { function: fn('gate2'), timeToLiveInSeconds: ttl },
    });
    expect(compile({ schema, authorizationModes: modes(0) }).data?.lambdaAuthorizer?.ttlSeconds).toBe(0);
    expect(() => compile({ schema, authorizationModes: modes(7200) })).toThrow(/from 0 to 3600/);
  });

  it('a provider a strategy does not accept is refused (owner rules are user-pool or OIDC only)', () => {
    const sdl = 'type Doc @model @auth(rules: [{allow: owner, provider: apiKey}]) { t: String }';
    expect(() => compile({ schema: sdl })).toThrow(/'apiKey' provider cannot be used with allow: owner/);
  });
});
