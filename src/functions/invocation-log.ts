/**
 * A record of every function invocation (function, source, event, result or error, duration, the
 * lines it logged), for the console's Functions view: a bounded ring in memory, newest last.
 * Failed and asynchronous invocations are also durable in hearth_invocations (invocation-queue.ts);
 * this log is the view of everything, and forgets the oldest past `capacity`.
 */
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { LogFields, Logger } from '../util/logger.js';
import { invocationSource } from './invocation-source.js';
import type { FunctionInvoker, InvokeResult } from './types.js';

export interface LoggedInvocation {
  id: string;
  function: string;
  source: string;
  status: 'pending' | 'ok' | 'failed' | 'timedOut';
  event: unknown;
  result?: unknown;
  error?: string;
  durationMs?: number;
  /** the lines the function wrote meanwhile (with several concurrent runs of one function, theirs mixed) */
  logs: string[];
  /** epoch ms of the start */
  time: number;
}

export interface InvocationLog {
  /** newest first; `before`: an id from a previous page */
  list(o: { function?: string; status?: LoggedInvocation['status']; limit: number; before?: string }): {
    items: LoggedInvocation[];
    next?: string;
  };
  get(id: string): LoggedInvocation | undefined;
  /** called at the start and at the end of each invocation; returns the unsubscribe */
  subscribe(listener: (i: LoggedInvocation) => void): () => void;
  /** wraps `functions.invoke` in place, recording each call */
  watch(functions: FunctionInvoker): void;
  /** a logger whose `child(<function name>)` lines are also kept with that function's running invocations */
  teeLogger(logger: Logger): Logger;
}

const MAX_LOG_LINES = 200;
/** an event or result larger than this (as JSON) is kept as a preview: 1,000 of them must fit in memory */
const MAX_KEPT_CHARS = 64 * 1024;
const PREVIEW_CHARS = 4096;

function bounded(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return { unserialisable: true };
  }
  if (text === undefined || text.length <= MAX_KEPT_CHARS) return value;
  return { truncated: true, chars: text.length, preview: text.slice(0, PREVIEW_CHARS) };
}

export function createInvocationLog(o: { clock: Clock; ids: Ids; capacity?: number }): InvocationLog {
  const ring: LoggedInvocation[] = [];
  const listeners = new Set<(i: LoggedInvocation) => void>();
  const emit = (i: LoggedInvocation) => {
    for (const l of listeners) l(i);
  };
  const calls = callRecorder({ ...o, ring, capacity: o.capacity ?? 1000, emit });
  return {
    list: (q) => page(ring, q),
    get: (id) => ring.find((i) => i.id === id),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    watch(functions) {
      const invoke = functions.invoke.bind(functions);
      functions.invoke = async (name, event) => {
        const i = calls.start(name, event);
        try {
          const r = await invoke(name, event);
          calls.finish(i, r);
          return r;
        } catch (e) {
          calls.finish(i, { ok: false, kind: 'error', errorType: 'Error', errorMessage: (e as Error).message });
          throw e;
        }
      };
    },
    teeLogger: (logger) => tee(logger, calls.keepLine),
  };
}

/** Starts and finishes the ring's records, and files each function's log lines under its running calls. */
function callRecorder(o: { clock: Clock; ids: Ids; ring: LoggedInvocation[]; capacity: number; emit: (i: LoggedInvocation) => void }) {
  const running = new Map<string, Set<LoggedInvocation>>();
  return {
    start(name: string, event: unknown): LoggedInvocation {
      const source = invocationSource(event);
      const i: LoggedInvocation = {
        id: o.ids.uuid(),
        function: name,
        source,
        status: 'pending',
        event: bounded(shownEvent(event)),
        logs: [],
        time: o.clock.now(),
      };
      o.ring.push(i);
      if (o.ring.length > o.capacity) o.ring.splice(0, o.ring.length - o.capacity);
      const set = running.get(name) ?? new Set<LoggedInvocation>();
      running.set(name, set);
      set.add(i);
      o.emit(i);
      return i;
    },
    finish(i: LoggedInvocation, r: InvokeResult): void {
      running.get(i.function)?.delete(i);
      i.durationMs = o.clock.now() - i.time;
      if (r.ok) Object.assign(i, { status: 'ok', result: bounded(r.result) });
      else Object.assign(i, { status: r.kind === 'timeout' ? 'timedOut' : 'failed', error: errorText(r) });
      o.emit(i);
    },
    keepLine(fn: string, line: string): void {
      for (const i of running.get(fn) ?? []) if (i.logs.length < MAX_LOG_LINES) i.logs.push(line);
    },
  };
}

/**
 * The event as the console may show it: a UserMigration_Authentication event carries the user's
 * password (Cognito hands it to the function), which must not sit in memory or reach a screen.
 */
export function shownEvent(event: unknown): unknown {
  const e = event as { request?: { password?: unknown } } | null;
  if (!e || typeof e !== 'object' || !e.request || typeof e.request !== 'object' || !('password' in e.request)) return event;
  return { ...e, request: { ...e.request, password: '(hidden)' } };
}

function errorText(r: Exclude<InvokeResult, { ok: true }>): string {
  return r.kind === 'timeout' ? r.errorMessage : `${r.errorType}: ${r.errorMessage}`;
}

function page(ring: LoggedInvocation[], q: Parameters<InvocationLog['list']>[0]) {
  let end = ring.length;
  if (q.before) {
    const at = ring.findIndex((i) => i.id === q.before);
    end = Math.max(at, 0);
  }
  const items: LoggedInvocation[] = [];
  let k = end - 1;
  for (; k >= 0 && items.length < q.limit; k--) {
    const i = ring[k] as LoggedInvocation;
    if ((!q.function || i.function === q.function) && (!q.status || i.status === q.status)) items.push(i);
  }
  const more = k >= 0 && items.length === q.limit;
  return { items, ...(more ? { next: items.at(-1)?.id } : {}) };
}

/** The logger the function service writes through: its first `child(name)` is the function's name. */
function tee(logger: Logger, keep: (fn: string, line: string) => void): Logger {
  const child = (component: string): Logger => {
    const inner = logger.child(component);
    const line = (write: (m: string, f?: LogFields) => void) => (m: string, f?: LogFields) => {
      keep(component, m);
      write(m, f);
    };
    return {
      info: line((m, f) => inner.info(m, f)),
      warn: line((m, f) => inner.warn(m, f)),
      error: line((m, f) => inner.error(m, f)),
      child: (c) => inner.child(c),
    };
  };
  return { info: (m, f) => logger.info(m, f), warn: (m, f) => logger.warn(m, f), error: (m, f) => logger.error(m, f), child };
}
