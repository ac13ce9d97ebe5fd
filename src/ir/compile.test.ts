import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../backend/definition.js';
import type { BackendRegistration } from '../backend/registry.js';
import { compileBackend } from './compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-ir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A function definition as `defineFunction` makes it, called from `<root>/amplify/<dir>/resource.ts`. */
function fn(dir: string, props: Record<string, unknown> = {}, handler = true) {
  mkdirSync(join(root, 'amplify', dir), { recursive: true });
  if (handler) writeFileSync(join(root, 'amplify', dir, 'handler.ts'), 'export const handler = async () => ({});');
  return makeDefinition('function', props, join(root, 'amplify', dir, 'resource.ts'));
}

const reg = (resources: Record<string, unknown>): BackendRegistration => ({
  resources,
  outputs: [],
  definedIn: join(root, 'amplify/backend.ts'),
});
const authAt = (props: Record<string, unknown>) => makeDefinition('auth', props, join(root, 'amplify/auth/resource.ts'));
const dataAt = (props: Record<string, unknown>) => makeDefinition('data', props, join(root, 'amplify/data/resource.ts'));

describe('compileBackend', () => {
  it('finds functions through auth triggers and allow.resource, not only defineBackend keys', () => {
    const postConfirmation = fn('post-confirmation', { name: 'post-confirmation' });
    const schema = a
      .schema({ Note: a.model({ body: a.string() }).authorization((allow) => [allow.owner()]) })
      .authorization((allow) => [allow.resource(postConfirmation)]);
    const { ir } = compileBackend(
      reg({ auth: authAt({ loginWith: { email: true }, triggers: { postConfirmation } }), data: dataAt({ schema }) }),
      root,
    );
    expect(ir.functions.map((f) => [f.name, f.dataAccess, f.timeoutSeconds])).toEqual([['post-confirmation', true, 3]]);
    expect(ir.auth?.triggers).toEqual({ postConfirmation: 'post-confirmation' });
    expect(ir.data?.resourceAccess).toEqual([{ functionName: 'post-confirmation', actions: ['query', 'mutate', 'listen'] }]);
  });

  it('adds the implicit fields in served order, the owner field last, with the sub::username claim', () => {
    const schema = a.schema({ Note: a.model({ body: a.string() }).authorization((allow) => [allow.owner()]) });
    const { ir } = compileBackend(reg({ auth: authAt({ loginWith: { email: true } }), data: dataAt({ schema }) }), root);
    const note = ir.data?.models[0];
    expect(note?.fields.map((f) => f.name)).toEqual(['body', 'id', 'createdAt', 'updatedAt', 'owner']);
    expect(note?.authRules[0]).toMatchObject({
      allow: 'owner',
      ownerField: 'owner',
      identityClaim: 'sub::username',
      provider: 'userPools',
    });
  });

  it.each([
    [{ auth: true, modes: undefined }, 'userPool', ['userPool', 'iam']],
    [{ auth: false, modes: undefined }, 'apiKey', ['apiKey', 'iam']],
    [{ auth: true, modes: { defaultAuthorizationMode: 'apiKey' } }, 'apiKey', ['apiKey', 'userPool', 'iam']],
  ])('computes the authorization modes as Amplify does: %j', (c, dflt, modes) => {
    const schema = a.schema({ Todo: a.model({ t: a.string() }).authorization((allow) => [allow.publicApiKey()]) });
    const resources: Record<string, unknown> = { data: dataAt({ schema, authorizationModes: c.modes }) };
    if (c.auth) resources.auth = authAt({ loginWith: { email: true } });
    const { ir } = compileBackend(reg(resources), root);
    expect(ir.data?.defaultAuthMode).toBe(dflt);
    expect(ir.data?.authModes).toEqual(modes);
  });

  it('names the user file when a handler is missing', () => {
    const broken = fn('broken', {}, false);
    expect(() => compileBackend(reg({ broken }), root)).toThrow(
      /amplify\/broken\/resource\.ts: the function's handler amplify\/broken\/handler\.ts does not exist/,
    );
  });

  it('names the user file for an unknown trigger', () => {
    const f = fn('f');
    expect(() => compileBackend(reg({ auth: authAt({ loginWith: { email: true }, triggers: { postConfirmaton: f } }) }), root)).toThrow(
      /amplify\/auth\/resource\.ts: unknown trigger "postConfirmaton"/,
    );
  });

  it('refuses two functions with one name', () => {
    expect(() => compileBackend(reg({ one: fn('a', { name: 'same' }), two: fn('b', { name: 'same' }) }), root)).toThrow(
      /Two functions are named "same"/,
    );
  });

  it('accepts a raw SDL string and reads custom keys and disabled operations', () => {
    const schema = `type Post @model(subscriptions: null) @auth(rules: [{allow: public}]) { blogId: String! @primaryKey(sortKeyFields: ["slug"]) slug: String! title: String }`;
    const { ir } = compileBackend(reg({ data: dataAt({ schema }) }), root);
    const post = ir.data?.models[0];
    expect(post?.primaryKey).toEqual({ partitionKey: 'blogId', sortKeys: ['slug'], isCustom: true });
    expect(post?.fields.map((f) => f.name)).toEqual(['blogId', 'slug', 'title', 'createdAt', 'updatedAt']);
    expect(post?.operations.onCreate).toBe(false);
    expect(post?.operations.get).toBe(true);
  });
});
