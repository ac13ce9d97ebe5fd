import { describe, expect, it } from 'vitest';
import { model } from '../../test/support/data-builders.js';
import { makeDefinition } from '../backend/definition.js';
import { FunctionTable } from './compile-functions.js';
import { compileStreams, type StreamCtx, tableStreamArn } from './compile-streams.js';
import type { BackendIR } from './types.js';

function ctx(): StreamCtx & { ir: BackendIR } {
  const todo = model('Todo', []);
  return {
    ir: { projectRoot: '/app', region: 'us-east-1', functions: [], addedOutputs: [], data: { models: [todo] } as never },
    resources: {
      fn: makeDefinition('function', {}, '/app/amplify/fn/resource.ts'),
      data: makeDefinition('data', {}, '/app/amplify/data.ts'),
    },
    functions: new FunctionTable('/app'),
    account: '000000000000',
    resolve: (v) => v,
    site: (at) => at,
    ignored: new Set(),
  };
}

describe('stream mappings', () => {
  it('reports a mapping on a stream that is not a model table, and streams nothing', () => {
    const c = ctx();
    const out = compileStreams(c, [
      {
        id: 'Orders',
        target: 'backend.fn.resources.lambda',
        eventSourceArn: 'arn:aws:dynamodb:us-east-1:1:table/Orders/stream/x',
        props: {},
        at: 'amplify/backend.ts:9',
      },
    ]);
    expect(out).toEqual([]);
    expect([...c.ignored]).toEqual([
      "the stream mapping 'Orders' in amplify/backend.ts:9: its source arn:aws:dynamodb:us-east-1:1:table/Orders/stream/x is not a model table's stream",
    ]);
    expect(c.ir.data?.models[0]?.streamed).toBeUndefined();
  });

  it('reports a mapping whose target is not a function of defineBackend', () => {
    const c = ctx();
    const arn = tableStreamArn('us-east-1', '000000000000', 'Todo');
    compileStreams(c, [{ id: 'M', target: 'lambda.Function:Other', eventSourceArn: arn, props: {}, at: 'amplify/backend.ts:3' }]);
    expect([...c.ignored][0]).toMatch(/its target lambda\.Function:Other is not a function of defineBackend/);
    expect(c.ir.data?.models[0]?.streamed).toBeUndefined();
  });
});
