import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsHandlerIR } from '../../ir/types.js';
import { AppSyncResolverError } from './appsync-runtime.js';
import { createJsResolvers, type JsContextInput } from './create-js-resolvers.js';
import { passesSubscriptionFilter, toSubscriptionFilter } from './subscription-filter.js';

const dir = mkdtempSync(join(tmpdir(), 'hearth-js-resolvers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, code: string): JsHandlerIR {
  writeFileSync(join(dir, name), code);
  return { entry: join(dir, name), dataSource: 'NONE' };
}

const input = (args: Record<string, unknown> = {}): JsContextInput => ({
  arguments: args,
  identity: null,
  source: null,
  request: { headers: { 'x-test': 'yes' } },
  info: { fieldName: 'f', parentTypeName: 'Query' },
});

describe('APPSYNC_JS resolvers on the NONE data source', () => {
  const js = createJsResolvers();

  it('passes the request payload to response as ctx.result; pipelines chain prev.result and share the stash', () => {
    const first = file(
      'first.js',
      `import { util } from '@aws-appsync/utils';
       import { shout } from './helper.js';
       export function request(ctx) { ctx.stash.id = util.autoId(); return { payload: { text: shout(ctx.args.text), header: ctx.request.headers['x-test'] } }; }
       export function response(ctx) { return { ...ctx.result, at: util.time.nowEpochSeconds() }; }`,
    );
    writeFileSync(join(dir, 'helper.js'), 'export const shout = (s) => s.toUpperCase();');
    const second = file(
      'second.ts',
      `export function request(ctx: any) { return { payload: { prev: ctx.prev.result, id: ctx.stash.id } }; }
       export const response = (ctx: any) => ctx.result;`,
    );
    const out = js.run([first, second], input({ text: 'hi' }));
    const v = out.value as { prev: { text: string; header: string; at: number }; id: string };
    expect(v.prev).toMatchObject({ text: 'HI', header: 'yes' });
    expect(Math.abs(v.prev.at - Date.now() / 1000)).toBeLessThan(5);
    expect(v.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('util.error throws with its errorType; util.appendError keeps the value; earlyReturn ends the pipeline', () => {
    const fails = file(
      'fails.js',
      `import { util } from '@aws-appsync/utils';
       export function request(ctx) { if (ctx.args.bad) util.error('bad input', 'MyError'); util.appendError('noted', 'Warn'); return { payload: 1 }; }
       export function response(ctx) { return ctx.result; }`,
    );
    const thrown = (() => {
      try {
        js.run([fails], input({ bad: true }));
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(AppSyncResolverError);
    expect(thrown).toMatchObject({ message: 'bad input', errorType: 'MyError' });
    const ok = js.run([fails], input({}));
    expect(ok.value).toBe(1);
    expect(ok.appendedErrors.map((e) => [e.message, e.errorType])).toEqual([['noted', 'Warn']]);
    const early = file(
      'early.js',
      `import { runtime } from '@aws-appsync/utils';
       export function request() { runtime.earlyReturn({ cached: true }); }
       export function response() { throw new Error('never'); }`,
    );
    const never = file('never.js', 'export function request() { throw new Error("not reached"); } export function response() {}');
    expect(js.run([early, never], input()).value).toEqual({ cached: true });
  });

  it('names what the shim lacks, async handlers and foreign imports', () => {
    const dynamo = file(
      'dynamo.js',
      `import { util } from '@aws-appsync/utils';
       export function request() { return util.dynamodb.toMapValues({}); }
       export function response() {}`,
    );
    expect(() => js.run([dynamo], input())).toThrow(/util\.dynamodb from @aws-appsync\/utils is not supported/);
    const asyncOne = file('async.js', 'export async function request() { return {}; } export function response() {}');
    expect(() => js.run([asyncOne], input())).toThrow(/request returned a Promise; APPSYNC_JS handlers are synchronous/);
    const foreign = file(
      'foreign.js',
      `import x from 'hearth-test-no-such-package'; export function request() { return x; } export function response() {}`,
    );
    expect(() => js.run([foreign], input())).toThrow(/does not compile/);
    const typo = file('typo.js', 'export function request(ctx) { return ctx.arguments.a.b; } export function response() {}');
    expect(() => js.run([typo], input())).toThrow(/typo\.js threw: .*undefined/);
  });

  it('records extensions.setSubscriptionFilter; accepts setSubscriptionInvalidationFilter', () => {
    const receive = file(
      'receive.js',
      `import { util, extensions } from '@aws-appsync/utils';
       export function request() { return {}; }
       export const response = (ctx) => {
         extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ channelName: { beginsWith: ctx.arguments.namePrefix } }));
         extensions.setSubscriptionInvalidationFilter({ filterGroup: [] });
         return null;
       };`,
    );
    const out = js.run([receive], input({ namePrefix: 'pub' }));
    expect(out.value).toBeNull();
    expect(out.subscriptionFilter).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'channelName', operator: 'beginsWith', value: 'pub' }] }],
    });
  });
});

describe('subscription filters', () => {
  it('toSubscriptionFilter: top-level fields AND into every or-group', () => {
    const f = toSubscriptionFilter({ room: { eq: 'a' }, or: [{ n: { gt: 5 } }, { tag: { in: ['x', 'y'] } }] });
    expect(f).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'room', operator: 'eq', value: 'a' },
            { fieldName: 'n', operator: 'gt', value: 5 },
          ],
        },
        {
          filters: [
            { fieldName: 'room', operator: 'eq', value: 'a' },
            { fieldName: 'tag', operator: 'in', value: ['x', 'y'] },
          ],
        },
      ],
    });
    expect(passesSubscriptionFilter({ room: 'a', n: 6 }, f)).toBe(true);
    expect(passesSubscriptionFilter({ room: 'a', n: 1, tag: 'y' }, f)).toBe(true);
    expect(passesSubscriptionFilter({ room: 'b', n: 6 }, f)).toBe(false);
    expect(passesSubscriptionFilter({ room: 'a', n: 1, tag: 'z' }, f)).toBe(false);
    expect(() => toSubscriptionFilter({ a: { regex: '.*' } })).toThrow(/operator 'regex'/);
  });
});
