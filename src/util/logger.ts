import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A tiny logger: one line per message, as text (`[component] warning: …`) or as one JSON object
 * per line (`--log-format json`). JSON lines written while a request is handled carry its request
 * id, taken from the request context (see runWithRequestId). Never pass secrets to it.
 */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(component: string): Logger;
}

/** Extra structured fields of a line: plain values only, and never secrets or user data. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

type Level = 'info' | 'warn' | 'error';

interface RequestContext {
  requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Whether a JSON logger exists in this process: only its lines show the request id. Until then the
 * request context stays off, because on Node 20 a running AsyncLocalStorage installs promise hooks
 * that cost every promise of every request (protocols that answer with the id get it on the request).
 */
let requestIdsLogged = false;

/**
 * Runs `fn` with `requestId` as the request id of every JSON log line it (and what it awaits)
 * writes; without a JSON logger in the process it just runs `fn`.
 */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return requestIdsLogged ? requestContext.run({ requestId }, fn) : fn();
}

/**
 * Runs `fn` outside any request: for long-lived things started while a request is handled (a
 * worker process, a timer), whose later log lines belong to no request.
 */
export function outsideRequest<T>(fn: () => T): T {
  return requestContext.exit(fn);
}

/** The id of the request being handled, if any and if a JSON logger exists (the x-amzn-RequestId the answer carries). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

export interface LoggerOptions {
  /** the component, e.g. `auth` (children append `:name`) */
  component?: string;
  format?: LogFormat;
  out?: (line: string) => void;
  /** for tests */
  now?: () => Date;
}

const stdoutLine = (l: string) => {
  process.stdout.write(`${l}\n`);
};

/** Creates a logger; `createLogger('auth')` keeps the older text-only call shape working. */
export function createLogger(o: LoggerOptions | string = {}, out?: (line: string) => void): Logger {
  const opts: LoggerOptions = typeof o === 'string' ? { component: o, out } : o;
  const write = opts.out ?? stdoutLine;
  if (opts.format === 'json') requestIdsLogged = true;
  const line = opts.format === 'json' ? jsonLine(opts.now ?? (() => new Date())) : textLine;
  const component = opts.component ?? '';
  const log = (level: Level) => (msg: string, fields?: LogFields) => write(line({ level, component, msg, fields }));
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (c) => createLogger({ ...opts, component: component ? `${component}:${c}` : c }),
  };
}

interface Entry {
  level: Level;
  component: string;
  msg: string;
  fields?: LogFields;
}

/** The terminal's line: the message says what a person needs; fields are for the JSON format. */
function textLine(e: Entry): string {
  const p = e.component ? `[${e.component}] ` : '';
  const lvl = e.level === 'info' ? '' : e.level === 'warn' ? 'warning: ' : 'error: ';
  return `${p}${lvl}${e.msg}`;
}

/** One object per line: time, level, msg, requestId (inside a request), component, then the fields. */
function jsonLine(now: () => Date) {
  return (e: Entry): string => {
    const requestId = currentRequestId();
    const head: Record<string, unknown> = { time: now().toISOString(), level: e.level, msg: e.msg };
    if (requestId) head.requestId = requestId;
    if (e.component) head.component = e.component;
    // fields come after and never replace the five above
    for (const [k, v] of Object.entries(e.fields ?? {})) if (!(k in head) && v !== undefined) head[k] = v;
    return JSON.stringify(head);
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
