/**
 * ConfirmSignUp's durability with a postConfirmation trigger: the confirmation commits without
 * waiting for its flush (PostgreSQL), so the flush awaited during the trigger is what makes it
 * durable; nothing answers the client before it, whatever the trigger did.
 */
import { describe, expect, it } from 'vitest';
import { authIR } from '../../test/support/auth-fakes.js';
import { userRecord } from '../../test/support/user-builders.js';
import type { UserRecord } from '../db/ports.js';
import type { RunningInvocation } from '../functions/invocation-queue.js';
import type { InvokeResult } from '../functions/types.js';
import { silentLogger } from '../util/logger.js';
import { markConfirmed } from './confirm-sign-up.js';

const user: UserRecord = userRecord({ createdAt: 1, updatedAt: 1 });

/** markConfirmed over fakes; `steps` lists what happened, in order */
function setup(o: { trigger?: boolean; result: InvokeResult | Error; flush: Promise<void> }) {
  const steps: string[] = [];
  const deps = {
    ir: authIR({ triggers: o.trigger === false ? {} : { postConfirmation: 'post-confirmation' } }),
    region: 'us-east-1',
    clock: { now: () => 1_000 },
    logger: silentLogger,
    triggerTimeoutMs: 1_000,
    users: {
      confirm: async (_sub: string, c: { flushLater?: boolean }) => {
        steps.push(`confirm flushLater=${c.flushLater}`);
        return true;
      },
    },
    functions: {
      invoke: async () => {
        steps.push('trigger');
        if (o.result instanceof Error) throw o.result;
        return o.result;
      },
    },
    invocations: {
      prepareRunning: (functionName: string, source: string, event: unknown): RunningInvocation =>
        ({ id: 'row', functionName, source, event, leaseUntil: 16_000 }) as RunningInvocation,
      flushRunning: async () => {
        steps.push('flush started');
        await o.flush;
        steps.push('flushed');
      },
      settleRunning: async (_r: RunningInvocation, outcome: { ok: boolean }) => void steps.push(`settled ok=${outcome.ok}`),
      recordFailure: async () => void steps.push('recorded failure'),
    },
  };
  const call = markConfirmed(deps as unknown as Parameters<typeof markConfirmed>[0], user, { clientId: 'c' }).finally(() =>
    steps.push('answered'),
  );
  return { steps, call };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('ConfirmSignUp with a postConfirmation trigger', () => {
  it('answers only once the confirmation is flushed, even when the trigger fails; the row is settled after the flush', async () => {
    let flush: () => void = () => {};
    const { steps, call } = setup({
      result: { ok: false, kind: 'error', errorType: 'Error', errorMessage: 'profile service down' },
      flush: new Promise((r) => (flush = r)),
    });
    call.catch(() => {});
    await tick();
    expect(steps).toEqual(['confirm flushLater=true', 'flush started', 'trigger']);
    flush();
    await expect(call).rejects.toMatchObject({ code: 'UserLambdaValidation' });
    expect(steps).toEqual(['confirm flushLater=true', 'flush started', 'trigger', 'flushed', 'settled ok=false', 'answered']);
  });

  it('answers only after the flush when the function cannot be invoked at all', async () => {
    let flush: () => void = () => {};
    const { steps, call } = setup({ result: new Error('Function not found: post-confirmation'), flush: new Promise((r) => (flush = r)) });
    call.catch(() => {});
    await tick();
    expect(steps).not.toContain('answered');
    flush();
    await expect(call).rejects.toThrow('Function not found');
    expect(steps.slice(-2)).toEqual(['flushed', 'answered']);
  });

  it('a flush that fails fails the call and leaves the row unsettled, for a poll to run after its lease', async () => {
    const lost = Promise.reject(new Error('connection lost'));
    lost.catch(() => {});
    const { steps, call } = setup({ result: { ok: true, result: {} }, flush: lost });
    await expect(call).rejects.toThrow('connection lost');
    expect(steps).not.toContain('settled ok=true');
    expect(steps.at(-1)).toBe('answered');
  });

  it('without a trigger the confirmation waits for its own flush', async () => {
    const { steps, call } = setup({ trigger: false, result: { ok: true, result: {} }, flush: Promise.resolve() });
    await call;
    expect(steps).toEqual(['confirm flushLater=false', 'answered']);
  });
});
