import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../../backend/definition.js';
import { printServedSdl } from '../../data/schema/print-served-sdl.js';
import { compileBackend } from '../compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-custom-handlers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'amplify', 'data');
mkdirSync(dataDir, { recursive: true });
for (const f of ['publish.js', 'receive.js', 'stamp.js', 'echo.js'])
  writeFileSync(join(dataDir, f), 'export function request() { return {}; }');

function compile(schema: unknown) {
  const data = makeDefinition('data', { schema }, join(dataDir, 'resource.ts'));
  return compileBackend({ resources: { data }, outputs: [], definedIn: join(root, 'amplify/backend.ts') }, root);
}

const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
  Message: a.customType({ content: a.string().required(), channelName: a.string().required() }),
  publish: a
    .mutation()
    .arguments({ channelName: a.string().required(), content: a.string().required() })
    .returns(a.ref('Message'))
    .handler(a.handler.custom({ entry: './publish.js' }))
    .authorization((allow) => [allow.publicApiKey(), allow.group('Admin')]),
  echo: a
    .query()
    .arguments({ text: a.string() })
    .returns(a.string())
    .handler([a.handler.custom({ entry: './stamp.js' }), a.handler.custom({ entry: './echo.js', dataSource: 'NONE_DS' })])
    .authorization((allow) => [allow.authenticated()]),
  receive: a
    .subscription()
    .for(a.ref('publish'))
    .arguments({ namePrefix: a.string() })
    .handler(a.handler.custom({ entry: './receive.js' }))
    .authorization((allow) => [allow.publicApiKey()]),
});

describe('a.handler.custom operations and custom subscriptions', () => {
  const { ir, warnings } = compile(schema);
  const ops = ir.data?.customOperations ?? [];

  it('compiles JS resolver pipelines, native auth directives and .for() into the IR', () => {
    expect(warnings).toEqual([]);
    expect(ops.map((o) => `${o.kind} ${o.name}`)).toEqual(['mutation publish', 'query echo', 'subscription receive']);
    const publish = ops.find((o) => o.name === 'publish');
    expect(publish?.handlers).toEqual([]);
    expect(publish?.jsHandlers).toEqual([{ entry: join(dataDir, 'publish.js'), dataSource: 'NONE' }]);
    expect(publish?.authRules.map((r) => [r.allow, r.provider, r.groups])).toEqual([
      ['public', 'apiKey', undefined],
      ['groups', 'userPools', ['Admin']],
    ]);
    expect(ops.find((o) => o.name === 'echo')?.jsHandlers?.map((h) => h.entry)).toEqual([
      join(dataDir, 'stamp.js'),
      join(dataDir, 'echo.js'),
    ]);
    expect(ops.find((o) => o.name === 'receive')).toMatchObject({
      subscribesTo: ['publish'],
      arguments: [{ name: 'namePrefix', type: { kind: 'scalar', name: 'String' }, required: false }],
      returns: { type: { kind: 'nonModel', name: 'Message' } },
    });
  });

  it('serves the fields with native directives and @aws_subscribe', () => {
    const sdl = ir.data ? printServedSdl(ir.data) : '';
    expect(sdl).toContain('  publish(channelName: String!, content: String!): Message @aws_iam @aws_api_key @aws_cognito_user_pools\n');
    expect(sdl).toContain('  echo(text: String): String @aws_iam @aws_cognito_user_pools\n');
    expect(sdl).toMatch(
      /type Subscription @aws_iam \{[^}]*\n {2}receive\(namePrefix: String\): Message @aws_subscribe\(mutations: \["publish"\]\) @aws_iam @aws_api_key\n\}/,
    );
  });

  it('refuses a model data source, naming the operation', () => {
    const bad = a.schema({
      Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
      getIt: a
        .query()
        .returns(a.ref('Todo'))
        .handler(a.handler.custom({ entry: './echo.js', dataSource: a.ref('Todo') }))
        .authorization((allow) => [allow.publicApiKey()]),
    });
    expect(() => compile(bad)).toThrow(
      /query getIt uses a\.handler\.custom with data source TodoTable; Hearth does not run DynamoDB resolver requests yet/,
    );
  });

  it('names an entry that does not exist', () => {
    const missing = a.schema({
      nope: a
        .query()
        .returns(a.string())
        .handler(a.handler.custom({ entry: './missing.js' }))
        .authorization((allow) => [allow.publicApiKey()]),
    });
    expect(() => compile(missing)).toThrow(/query nope: a\.handler\.custom entry '\.\/missing\.js' not found/);
  });
});
