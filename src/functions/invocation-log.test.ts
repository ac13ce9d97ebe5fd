import { describe, expect, it } from 'vitest';
import { silentLogger } from '../util/logger.js';
import { createInvocationLog } from './invocation-log.js';
import type { FunctionInvoker, InvokeResult } from './types.js';

function setup(capacity = 1000) {
  let t = 1000;
  let n = 0;
  const log = createInvocationLog({ clock: { now: () => t }, ids: { uuid: () => `i${++n}`, token: () => 'x' } as never, capacity });
  const lines: string[] = [];
  const logger = log.teeLogger({ ...silentLogger, child: () => ({ ...silentLogger, info: (m: string) => lines.push(m) }) });
  const answers: Record<string, InvokeResult> = {};
  const functions: FunctionInvoker = {
    async invoke(name) {
      logger.child(name).info(`${name} ran`);
      t += 5;
      return answers[name] ?? { ok: true, result: 'done' };
    },
  };
  log.watch(functions);
  return { log, functions, answers, lines };
}

describe('invocation log', () => {
  it('records each call with its source, result or error, duration and the lines it logged', async () => {
    const { log, functions, answers, lines } = setup();
    answers.bad = { ok: false, kind: 'error', errorType: 'Error', errorMessage: 'boom' };
    answers.slow = { ok: false, kind: 'timeout', errorMessage: 'Task timed out after 3.00 seconds' };
    await functions.invoke('good', { triggerSource: 'PostConfirmation_ConfirmSignUp' });
    await functions.invoke('bad', { typeName: 'Mutation', fieldName: 'notify' });
    await functions.invoke('slow', {});
    const all = log.list({ limit: 10 }).items;
    expect(all.map((i) => [i.function, i.status])).toEqual([
      ['slow', 'timedOut'],
      ['bad', 'failed'],
      ['good', 'ok'],
    ]);
    expect(all[2]).toMatchObject({ source: 'cognito:PostConfirmation_ConfirmSignUp', result: 'done', durationMs: 5, logs: ['good ran'] });
    expect(all[1]).toMatchObject({ source: 'appsync:Mutation.notify', error: 'Error: boom' });
    expect(lines).toContain('bad ran');
    expect(log.list({ limit: 10, status: 'failed' }).items.map((i) => i.function)).toEqual(['bad']);
    expect(log.list({ limit: 10, function: 'good' }).items).toHaveLength(1);
  });

  it('keeps the newest `capacity` and pages newest first', async () => {
    const { log, functions } = setup(5);
    for (let k = 0; k < 8; k++) await functions.invoke(`f${k}`, {});
    const first = log.list({ limit: 2 });
    expect(first.items.map((i) => i.function)).toEqual(['f7', 'f6']);
    const second = log.list({ limit: 2, before: first.next });
    expect(second.items.map((i) => i.function)).toEqual(['f5', 'f4']);
    const last = log.list({ limit: 2, before: second.next });
    expect(last.items.map((i) => i.function)).toEqual(['f3']);
    expect(last.next).toBeUndefined();
  });

  it("never keeps a migrating user's password", async () => {
    const { log, functions } = setup();
    await functions.invoke('migrate', {
      triggerSource: 'UserMigration_Authentication',
      request: { password: 'hunter2-Secret', validationData: {} },
    });
    const [i] = log.list({ limit: 1 }).items;
    expect(JSON.stringify(i)).not.toContain('hunter2-Secret');
    expect(i?.event).toMatchObject({ request: { password: '(hidden)' } });
  });

  it('keeps a preview of a huge event or result, not the whole of it', async () => {
    const { log, functions, answers } = setup();
    answers.big = { ok: true, result: 'r'.repeat(200_000) };
    await functions.invoke('big', { payload: 'e'.repeat(200_000) });
    const [i] = log.list({ limit: 1 }).items;
    expect(i?.event).toMatchObject({ truncated: true, chars: 200_014 });
    expect(i?.result).toMatchObject({ truncated: true, chars: 200_002 });
    expect(JSON.stringify(i).length).toBeLessThan(10_000);
  });

  it('tells listeners when a call starts and when it ends', async () => {
    const { log, functions } = setup();
    const seen: string[] = [];
    const stop = log.subscribe((i) => seen.push(`${i.function}:${i.status}`));
    await functions.invoke('f', {});
    stop();
    await functions.invoke('g', {});
    expect(seen).toEqual(['f:pending', 'f:ok']);
  });
});
