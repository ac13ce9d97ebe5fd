import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../../backend/definition.js';
import { printServedSdl } from '../../data/schema/print-served-sdl.js';
import { compileBackend } from '../compile.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-custom-ops-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fn(name: string) {
  mkdirSync(join(root, 'amplify', name), { recursive: true });
  writeFileSync(join(root, 'amplify', name, 'handler.ts'), 'export const handler = async () => null;');
  return makeDefinition('function', { name }, join(root, 'amplify', name, 'resource.ts'));
}

function compile(schema: unknown, functions?: Record<string, unknown>) {
  const data = makeDefinition('data', { schema, functions }, join(root, 'amplify/data/resource.ts'));
  return compileBackend({ resources: { data }, outputs: [], definedIn: join(root, 'amplify/backend.ts') }, root);
}

const echo = fn('echo');
const adder = fn('adder');
const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
  Status: a.enum(['OPEN', 'DONE']),
  Point: a.customType({ x: a.float().required(), y: a.float() }),
  echo: a
    .query()
    .arguments({
      msg: a.string().required(),
      tags: a.string().array(),
      at: a.ref('Point'),
      pts: a.ref('Point').array().required(),
      s: a.ref('Status'),
    })
    .returns(a.customType({ text: a.string(), count: a.integer().required() }))
    .authorization((allow) => [allow.publicApiKey(), allow.authenticated(), allow.group('Admin')])
    .handler(a.handler.function(echo)),
  sum: a
    .query()
    .arguments({ a: a.integer(), b: a.integer() })
    .returns(a.integer())
    .authorization((allow) => [allow.guest()])
    .handler(a.handler.function('adder')),
  addTodo: a
    .mutation()
    .arguments({ content: a.string().required() })
    .returns(a.ref('Todo'))
    .authorization((allow) => [allow.groups(['A', 'B'])])
    .handler(a.handler.function(echo)),
  fire: a
    .mutation()
    .returns(a.string())
    .authorization((allow) => [allow.publicApiKey()])
    .handler(a.handler.function(echo).async()),
  statuses: a
    .query()
    .returns(a.ref('Status').required().array().required())
    .authorization((allow) => [allow.publicApiKey()])
    .handler([a.handler.function(echo), a.handler.function('adder')]),
});

describe('custom operations', () => {
  const { ir, warnings } = compile(schema, { adder });
  const ops = ir.data?.customOperations ?? [];

  it('parses arguments, returns, handlers and rules into the IR', () => {
    expect(warnings).toEqual([]);
    expect(ops.map((o) => `${o.kind} ${o.name}`)).toEqual([
      'mutation addTodo',
      'mutation fire',
      'query echo',
      'query sum',
      'query statuses',
    ]);
    const e = ops.find((o) => o.name === 'echo');
    expect(e?.arguments).toEqual([
      { name: 'msg', type: { kind: 'scalar', name: 'String' }, required: true, isArray: false, arrayNullable: true },
      { name: 'tags', type: { kind: 'scalar', name: 'String' }, required: false, isArray: true, arrayNullable: true },
      { name: 'at', type: { kind: 'nonModel', name: 'Point' }, required: false, isArray: false, arrayNullable: true },
      { name: 'pts', type: { kind: 'nonModel', name: 'Point' }, required: false, isArray: true, arrayNullable: false },
      { name: 's', type: { kind: 'enum', name: 'Status' }, required: false, isArray: false, arrayNullable: true },
    ]);
    expect(e?.returns).toEqual({
      type: { kind: 'nonModel', name: 'EchoReturnType' },
      required: false,
      isArray: false,
      arrayNullable: true,
    });
    expect(e?.handlers).toEqual([{ functionName: 'echo', async: false }]);
    expect(e?.authRules.map((r) => [r.allow, r.provider, r.groups])).toEqual([
      ['public', 'apiKey', undefined],
      ['private', 'userPools', undefined],
      ['groups', 'userPools', ['Admin']],
    ]);
    expect(ops.find((o) => o.name === 'sum')?.handlers).toEqual([{ functionName: 'adder', async: false }]);
    expect(ops.find((o) => o.name === 'fire')?.handlers).toEqual([{ functionName: 'echo', async: true }]);
    expect(ops.find((o) => o.name === 'addTodo')?.returns.type).toEqual({ kind: 'model', name: 'Todo' });
    expect(ops.find((o) => o.name === 'statuses')).toMatchObject({
      returns: { type: { kind: 'enum', name: 'Status' }, required: true, isArray: true, arrayNullable: false },
      handlers: [
        { functionName: 'echo', async: false },
        { functionName: 'adder', async: false },
      ],
    });
    expect(ir.functions.map((f) => f.name).sort()).toEqual(['adder', 'echo']);
  });

  it('prints the fields as Amplify deploys them, custom fields after the model operations', () => {
    const sdl = ir.data ? printServedSdl(ir.data) : '';
    const query = /type Query @aws_iam \{\n([\s\S]*?)\n\}/
      .exec(sdl)?.[1]
      ?.split('\n')
      .map((l) => l.trim());
    expect(query?.slice(-4)).toEqual([
      'listTodos(filter: ModelTodoFilterInput, limit: Int, nextToken: String): ModelTodoConnection @aws_iam @aws_api_key',
      'echo(msg: String!, tags: [String], at: PointInput, pts: [PointInput]!, s: Status): EchoReturnType @aws_iam @aws_api_key @aws_cognito_user_pools',
      'sum(a: Int, b: Int): Int @aws_iam',
      'statuses: [Status!]! @aws_iam @aws_api_key',
    ]);
    const mutation = /type Mutation @aws_iam \{\n([\s\S]*?)\n\}/
      .exec(sdl)?.[1]
      ?.split('\n')
      .map((l) => l.trim());
    expect(mutation?.slice(-2)).toEqual([
      'addTodo(content: String!): Todo @aws_iam @aws_cognito_user_pools',
      'fire: EventInvocationResponse @aws_iam @aws_api_key',
    ]);
    expect(sdl).toContain('input PointInput {\n  x: Float!\n  y: Float\n}');
    expect(sdl).toMatch(/type EventInvocationResponse[^{]*\{\n {2}success: Boolean!\n\}/);
  });

  it('names a string handler missing from defineData functions', () => {
    expect(() => compile(schema)).toThrow(
      /query sum uses a\.handler\.function\('adder'\), but defineData\(\{ functions \}\) has no "adder"/,
    );
  });

  it('serves a schema with custom operations only', () => {
    const only = a.schema({
      ping: a
        .query()
        .returns(a.string())
        .authorization((allow) => [allow.publicApiKey()])
        .handler(a.handler.function(echo)),
    });
    const sdl = printServedSdl(compile(only).ir.data as never);
    expect(sdl).toContain('type Query @aws_iam {\n  ping: String @aws_iam @aws_api_key\n}');
  });
});
