import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../backend/definition.js';
import type { BackendRegistration } from '../backend/registry.js';
import { printServedSdl } from '../data/schema/index.js';
import { compileBackend } from './compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-ir-oidc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const compile = (dataProps: Record<string, unknown>) => {
  const reg: BackendRegistration = {
    resources: { data: makeDefinition('data', dataProps, join(root, 'amplify/data/resource.ts')) },
    outputs: [],
    definedIn: join(root, 'amplify/backend.ts'),
  };
  return compileBackend(reg, root).ir;
};

const schema = a.schema({
  Note: a
    .model({ title: a.string(), editors: a.string().array(), team: a.string().array() })
    .authorization((allow) => [
      allow.owner('oidc'),
      allow.ownersDefinedIn('editors', 'oidc').identityClaim('user_id'),
      allow.authenticated('oidc').to(['read']),
      allow.groups(['Admins'], 'oidc').withClaimIn('groups'),
      allow.groupsDefinedIn('team', 'oidc'),
    ]),
});
const MODE = {
  oidcProviderName: 'Auth0',
  oidcIssuerUrl: 'https://example.auth0.com/',
  clientId: 'web-(app|admin)',
  tokenExpiryFromAuthInSeconds: 300,
  tokenExpireFromIssueInSeconds: 600,
};

describe('the oidc authorization mode in the IR', () => {
  it('compiles oidcAuthorizationMode, the oidc default mode and every oidc rule with the transformer defaults', () => {
    const ir = compile({ schema, authorizationModes: { defaultAuthorizationMode: 'oidc', oidcAuthorizationMode: MODE } });
    expect(ir.data?.defaultAuthMode).toBe('oidc');
    expect(ir.data?.authModes).toEqual(['oidc', 'iam']);
    expect(ir.data?.oidc).toEqual({
      providerName: 'Auth0',
      issuer: 'https://example.auth0.com/',
      clientId: 'web-(app|admin)',
      maxAgeFromAuthSeconds: 300,
      maxAgeFromIssueSeconds: 600,
    });
    const rules = ir.data?.models[0]?.authRules ?? [];
    expect(rules.map((r) => [r.allow, r.provider, r.ownerField ?? r.groupsField ?? r.groups, r.identityClaim ?? r.groupClaim])).toEqual([
      ['owner', 'oidc', 'owner', 'sub::username'],
      ['owner', 'oidc', 'editors', 'user_id'],
      ['private', 'oidc', undefined, undefined],
      ['groups', 'oidc', ['Admins'], 'groups'],
      ['groups', 'oidc', 'team', 'cognito:groups'],
    ]);
  });

  it('the served schema lets the oidc mode reach the type and its operations (@aws_oidc), beside IAM', () => {
    const ir = compile({ schema, authorizationModes: { defaultAuthorizationMode: 'oidc', oidcAuthorizationMode: MODE } });
    const sdl = printServedSdl(ir.data!);
    expect(sdl).toMatch(/^type Note @aws_iam @aws_oidc \{/m);
    expect(sdl).toMatch(/getNote\(id: ID!\): Note @aws_iam @aws_oidc\n/);
    expect(sdl).toMatch(/createNote\(input: CreateNoteInput!, condition: ModelNoteConditionInput\): Note @aws_iam @aws_oidc\n/);
    expect(sdl).not.toContain('@aws_cognito_user_pools');
  });

  it('refuses oidc rules or an oidc default without oidcAuthorizationMode, naming what is missing', () => {
    expect(() => compile({ schema, authorizationModes: { defaultAuthorizationMode: 'apiKey' } })).toThrow(
      /model Note uses the 'oidc' authorization mode, which needs defineData\(\{ authorizationModes: \{ oidcAuthorizationMode/,
    );
    const open = a.schema({ Post: a.model({ t: a.string() }).authorization((allow) => [allow.publicApiKey()]) });
    expect(() => compile({ schema: open, authorizationModes: { defaultAuthorizationMode: 'oidc' } })).toThrow(
      /defaultAuthorizationMode: 'oidc' uses the 'oidc' authorization mode/,
    );
  });

  it.each([
    [{ ...MODE, oidcIssuerUrl: 'http://example.auth0.com/' }, /oidcIssuerUrl must be the https URL/],
    [{ ...MODE, oidcIssuerUrl: 'not a url' }, /oidcIssuerUrl must be the https URL/],
    [{ ...MODE, oidcProviderName: '' }, /oidcProviderName must be a non-empty string/],
    [{ ...MODE, clientId: 'web-(' }, /clientId must be a client id, or a regular expression/],
    [{ ...MODE, tokenExpiryFromAuthInSeconds: -1 }, /tokenExpiryFromAuthInSeconds must be a whole number/],
  ])('refuses a malformed oidcAuthorizationMode (%#)', (mode, message) => {
    expect(() => compile({ schema, authorizationModes: { defaultAuthorizationMode: 'oidc', oidcAuthorizationMode: mode } })).toThrow(
      message,
    );
  });

  it('accepts a plain-http issuer on this machine (a development provider), and absent TTLs as unchecked', () => {
    const ir = compile({
      schema,
      authorizationModes: {
        defaultAuthorizationMode: 'oidc',
        oidcAuthorizationMode: { oidcProviderName: 'Dev', oidcIssuerUrl: 'http://127.0.0.1:4000' },
      },
    });
    expect(ir.data?.oidc).toEqual({
      providerName: 'Dev',
      issuer: 'http://127.0.0.1:4000',
      maxAgeFromAuthSeconds: 0,
      maxAgeFromIssueSeconds: 0,
    });
  });
});
