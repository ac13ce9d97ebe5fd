import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeName } from '../backend/cdk-lambda.js';
import { makeDefinition } from '../backend/definition.js';
import { cdkFunctionOf, cdkStandIn, defineFunction } from '../backend/index.js';
import { takeBackendRegistration } from '../backend/registry.js';
import { FunctionTable } from './compile-functions.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-cdk-fn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const resourceFile = join(root, 'amplify/functions/f/resource.ts');
mkdirSync(join(root, 'amplify/functions/f/src'), { recursive: true });
writeFileSync(join(root, 'amplify/functions/f/main.ts'), 'export const run = async () => 1;');
writeFileSync(join(root, 'amplify/functions/f/src/index.js'), 'exports.handler = async () => 1;');

const lambda = (name: string) => cdkStandIn(name, 'aws-cdk-lib/aws-lambda') as any;
const NodejsFunction = cdkStandIn('NodejsFunction', 'aws-cdk-lib/aws-lambda-nodejs') as any;
const Duration = cdkStandIn('Duration', 'aws-cdk-lib') as any;
const scope = cdkStandIn('Stack', 'aws-cdk-lib') as any;

/** What defineFunction((scope) => construct) records, defined in `amplify/functions/f/resource.ts`. */
const provided = (construct: unknown) => makeDefinition('function', { hearthProvided: cdkFunctionOf(construct) }, resourceFile);

describe('runtimeName', () => {
  it("spells Runtime members as Lambda's identifiers", () => {
    expect(['NODEJS_20_X', 'PYTHON_3_9', 'PROVIDED_AL2023', 'JAVA_21', 'RUBY_3_3', 'DOTNET_8'].map(runtimeName)).toEqual([
      'nodejs20.x',
      'python3.9',
      'provided.al2023',
      'java21',
      'ruby3.3',
      'dotnet8',
    ]);
  });
});

describe('defineFunction((scope) => …)', () => {
  it('compiles a NodejsFunction: entry from the app root, export, Duration timeout, memory, environment', () => {
    const fn = new NodejsFunction(scope, 'greet', {
      entry: 'amplify/functions/f/main.ts',
      handler: 'run',
      runtime: lambda('Runtime').NODEJS_20_X,
      timeout: Duration.minutes(2),
      memorySize: 1024,
      environment: { A: 'b' },
    });
    const ir = new FunctionTable(root).add(provided(fn));
    expect(ir).toMatchObject({
      name: 'greet',
      entry: join(root, 'amplify/functions/f/main.ts'),
      handler: 'run',
      timeoutSeconds: 120,
      memoryMB: 1024,
    });
    expect(ir.environment).toEqual({ A: 'b' });
    takeBackendRegistration();
  });

  it('compiles a lambda.Function with Code.fromAsset(folder) and a Node.js runtime, with Lambda defaults', () => {
    const fn = new (lambda('Function'))(scope, 'echo', {
      handler: 'index.handler',
      runtime: lambda('Runtime').NODEJS_18_X,
      code: lambda('Code').fromAsset(join(root, 'amplify/functions/f/src')),
    });
    const ir = new FunctionTable(root).add(provided(fn));
    expect(ir).toMatchObject({
      name: 'echo',
      entry: join(root, 'amplify/functions/f/src/index.js'),
      handler: 'handler',
      timeoutSeconds: 3,
      memoryMB: 128,
    });
  });

  it('refuses another runtime, a container image and a missing handler file, naming the resource file', () => {
    const table = new FunctionTable(root);
    const code = lambda('Code').fromAsset(join(root, 'amplify/functions/f/src'));
    const py = new (lambda('Function'))(scope, 'py', { handler: 'index.handler', runtime: lambda('Runtime').PYTHON_3_12, code });
    expect(() => table.add(provided(py))).toThrow(
      "amplify/functions/f/resource.ts: defineFunction((scope) => new lambda.Function(scope, 'py', …)) uses the python3.12 runtime; Hearth runs Node.js functions only.",
    );
    const image = new (lambda('Function'))(scope, 'img', {
      handler: 'index.handler',
      runtime: lambda('Runtime').NODEJS_20_X,
      code: lambda('Code').fromEcrImage(),
    });
    expect(() => table.add(provided(image))).toThrow('takes its code from Code.fromEcrImage');
    const missing = new (lambda('Function'))(scope, 'gone', { handler: 'main.handler', runtime: lambda('Runtime').NODEJS_20_X, code });
    expect(() => table.add(provided(missing))).toThrow("handler 'main.handler' needs");
    takeBackendRegistration();
  });

  it('refuses a construct Hearth does not model (Go), naming it', () => {
    const GoFunction = cdkStandIn('GoFunction', '@aws-cdk/aws-lambda-go-alpha') as any;
    const def = defineFunction((s) => new GoFunction(s, 'say-hello', { entry: 'amplify/functions/f' }));
    expect(() => new FunctionTable(root).add(def)).toThrow(
      "defineFunction((scope) => new @aws-cdk/aws-lambda-go-alpha.GoFunction(scope, 'say-hello', …)) builds a @aws-cdk/aws-lambda-go-alpha.GoFunction, which Hearth does not model; Hearth runs Node.js functions only.",
    );
    takeBackendRegistration();
  });
});
