import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './poller.js';

/** a pass that stays open until the test lets it end (or fail) */
function gatedPasses() {
  const open: { end: () => void; fail: (e: Error) => void }[] = [];
  const pass = vi.fn(
    () =>
      new Promise<void>((end, fail) => {
        open.push({ end, fail });
      }),
  );
  /** ends the oldest open pass, then lets the loop go on to its next step */
  const end = async () => {
    open.shift()!.end();
    await settled();
  };
  const fail = async (e: Error) => {
    open.shift()!.fail(e);
    await settled();
  };
  return { pass, end, fail };
}

const settled = () => new Promise<void>((r) => setImmediate(r));

function watch(p: Promise<void>) {
  const state = { done: false };
  void p.then(() => {
    state.done = true;
  });
  return state;
}

describe('createPoller', () => {
  afterEach(() => vi.useRealTimers());

  it('runs one pass at a time, and one more after it however many kicks came during it', async () => {
    const { pass, end } = gatedPasses();
    const poller = createPoller({ pass, pollMs: 60_000, onError: () => {} });
    void poller.kick();
    const kicked = [poller.kick(), poller.kick(), poller.kick()].map(watch);
    expect(pass).toHaveBeenCalledTimes(1);
    await end();
    expect(pass).toHaveBeenCalledTimes(2);
    // the kicks made during the first pass resolve once the pass that saw them is over
    expect(kicked.some((k) => k.done)).toBe(false);
    await end();
    expect(kicked.every((k) => k.done)).toBe(true);
    expect(pass).toHaveBeenCalledTimes(2);
  });

  it('stop waits for the pass in flight, and no pass starts after it until start', async () => {
    const { pass, end } = gatedPasses();
    const poller = createPoller({ pass, pollMs: 60_000, onError: () => {} });
    poller.start();
    void poller.kick();
    void poller.kick();
    const stopped = watch(poller.stop());
    await settled();
    expect(stopped.done).toBe(false);
    await end();
    expect(stopped.done).toBe(true);
    await poller.kick();
    expect(pass).toHaveBeenCalledTimes(1);
    poller.start();
    void poller.kick();
    expect(pass).toHaveBeenCalledTimes(2);
    await end();
    await poller.stop();
  });

  it('reports a pass that throws and goes on', async () => {
    const { pass, end, fail } = gatedPasses();
    const errors: unknown[] = [];
    const poller = createPoller({ pass, pollMs: 60_000, onError: (e) => errors.push(e) });
    const first = poller.kick();
    void poller.kick();
    await fail(new Error('database went away'));
    expect(errors).toEqual([new Error('database went away')]);
    expect(pass).toHaveBeenCalledTimes(2);
    await end();
    await expect(first).resolves.toBeUndefined();
  });

  it('passes every pollMs after start, the wait worked out anew each time, none after stop', async () => {
    vi.useFakeTimers();
    const pass = vi.fn(async () => {});
    const waits = [100, 200, 100];
    const poller = createPoller({ pass, pollMs: () => waits.shift()!, onError: () => {} });
    poller.start();
    await vi.advanceTimersByTimeAsync(99);
    expect(pass).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(2);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(pass).toHaveBeenCalledTimes(2);
  });

  it('does not keep the process alive', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const poller = createPoller({ pass: async () => {}, pollMs: 60_000, onError: () => {} });
    poller.start();
    expect(timers()).toBe(before);
    await poller.stop();
  });
});
