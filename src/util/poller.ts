/**
 * The loop behind Hearth's background workers (invocation queue, stream runner, schedule runner,
 * mail outbox): work is done one pass at a time; a timer asks for a pass every `pollMs` (work that
 * other instances wrote, retries that came due) and a caller that has just written work kicks one
 * at once. A kick during a pass runs one more pass after it, so what was written during the pass is
 * seen, and not one per kick.
 */
export interface PollerOptions {
  /** one pass over what is due now */
  pass: () => Promise<void>;
  /** the wait before each timed pass: fixed, or worked out when the timer is set (the schedule runner waits for the next minute) */
  pollMs: number | (() => number);
  /** a pass threw: the loop goes on, this says why */
  onError: (e: unknown) => void;
}

export interface Poller {
  /** runs a pass, or one more after the pass running now; resolves when that pass is over */
  kick(): Promise<void>;
  /** sets the timer (unref'd: it never keeps the process alive); the first timed pass comes after `pollMs` */
  start(): void;
  /** clears the timer and waits for the pass in flight; no pass starts after it (until start) */
  stop(): Promise<void>;
}

export function createPoller(o: PollerOptions): Poller {
  let timer: NodeJS.Timeout | undefined;
  let passing: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  function setTimer(): void {
    timer = setTimeout(onTimer, typeof o.pollMs === 'number' ? o.pollMs : o.pollMs());
    timer.unref();
  }

  function onTimer(): void {
    setTimer();
    void kick();
  }

  function kick(): Promise<void> {
    if (stopped) return passing ?? Promise.resolve();
    if (passing) {
      again = true;
      return passing;
    }
    passing = (async () => {
      do {
        again = false;
        try {
          await o.pass();
        } catch (e) {
          o.onError(e);
        }
      } while (again && !stopped);
    })().finally(() => {
      passing = undefined;
    });
    return passing;
  }

  return {
    kick,
    start() {
      stopped = false;
      if (!timer) setTimer();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await passing;
    },
  };
}
