import { HearthError } from '../util/errors.js';
import type { FunctionScheduleIR } from './types.js';

const UNITS: Record<string, (n: number) => FunctionScheduleIR['cron']> = {
  m: (n) => [`*/${n}`, '*', '*', '*', '?', '*'],
  h: (n) => ['0', `*/${n}`, '*', '*', '?', '*'],
  day: () => ['0', '0', '*', '*', '?', '*'],
  // EventBridge numbers week days 1-7 from Sunday
  week: () => ['0', '0', '?', '*', '1', '*'],
  month: () => ['0', '0', '1', '*', '?', '*'],
  year: () => ['0', '0', '1', '1', '?', '*'],
};
const FIELDS: [name: string, min: number, max: number][] = [
  ['minutes', 0, 59],
  ['hours', 0, 23],
  ['day-of-month', 1, 31],
  ['month', 1, 12],
  ['day-of-week', 1, 7],
  ['year', 1970, 2199],
];
const NAMES: Record<string, string> = {
  JAN: '1',
  FEB: '2',
  MAR: '3',
  APR: '4',
  MAY: '5',
  JUN: '6',
  JUL: '7',
  AUG: '8',
  SEP: '9',
  OCT: '10',
  NOV: '11',
  DEC: '12',
  SUN: '1',
  MON: '2',
  TUE: '3',
  WED: '4',
  THU: '5',
  FRI: '6',
  SAT: '7',
};

/**
 * defineFunction `schedule`: `'every 5m'`, `'every 1h'`, `'every day|week|month|year'`, a 5- or
 * 6-field cron (EventBridge's: minutes hours day-of-month month day-of-week [year]), or
 * `{ rate | cron, timezone }`, one or a list. Each becomes a cron in its time zone (UTC unless given),
 * as backend-function's schedule_parser turns them into EventBridge Scheduler crons.
 * https://docs.amplify.aws/react/build-a-backend/functions/scheduling-functions/
 */
export function compileSchedules(raw: unknown, o: { where: string; timeoutSeconds: number }): FunctionScheduleIR[] {
  return (Array.isArray(raw) ? raw : [raw]).map((s) => compileSchedule(s, o));
}

function compileSchedule(s: unknown, o: { where: string; timeoutSeconds: number }): FunctionScheduleIR {
  const obj =
    typeof s === 'string' ? (s.includes('every') ? { rate: s } : { cron: s }) : (s as { rate?: string; cron?: string; timezone?: string });
  const timezone = obj?.timezone ?? 'UTC';
  const bad = (why: string) => new HearthError('ConfigError', `${o.where}: schedule ${JSON.stringify(s)}: ${why}`);
  if (!isTimeZone(timezone)) throw bad(`unknown time zone ${timezone}`);
  if (typeof obj?.rate === 'string') {
    const m = /^every (\d+)?(m|h|day|week|month|year)$/.exec(obj.rate.trim());
    const n = Number(m?.[1] ?? 1);
    if (!m || !Number.isInteger(n) || n <= 0) throw bad("write 'every <n>m', 'every <n>h' or 'every day|week|month|year'");
    if (m[2] === 'm' && n * 60 < o.timeoutSeconds)
      throw bad(`the rate must be longer than the function's timeout of ${o.timeoutSeconds} seconds`);
    return { expression: obj.rate, cron: UNITS[m[2]!]!(n), timezone };
  }
  if (typeof obj?.cron !== 'string') throw bad('a schedule is a rate (every 5m) or a cron expression');
  const parts = obj.cron
    .trim()
    .split(/\s+/)
    .map((p) => p.toUpperCase().replace(/[A-Z]{3}/g, (n) => NAMES[n] ?? n));
  if (parts.length !== 5 && parts.length !== 6) throw bad('a cron has 5 or 6 fields: minutes hours day-of-month month day-of-week [year]');
  const cron = [...parts, parts[5] ?? '*'].slice(0, 6) as FunctionScheduleIR['cron'];
  const errors = cron.flatMap((f, i) => fieldErrors(f, FIELDS[i]!, i));
  if (cron[2] !== '?' && cron[4] !== '?') errors.push('use ? in day-of-month or day-of-week (EventBridge takes only one of them)');
  if (errors.length) throw bad(errors.join('; '));
  return { expression: obj.cron, cron, timezone };
}

function fieldErrors(f: string, [name, min, max]: [string, number, number], i: number): string[] {
  if (f === '*' || (f === '?' && (i === 2 || i === 4))) return [];
  if (/[LW#]/.test(f)) return [`${name} uses L, W or #, which Hearth's scheduler does not support`];
  const ok = f.split(',').every((item) => {
    const [range, step] = item.split('/');
    if (step !== undefined && !(Number.isInteger(Number(step)) && Number(step) > 0)) return false;
    if (range === '*') return step !== undefined;
    const [a, b] = (range ?? '').split('-').map(Number);
    const inRange = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n >= min && n <= max;
    return inRange(a) && (b === undefined || (inRange(b) && b >= a!));
  });
  return ok ? [] : [`${name} must be whole numbers from ${min} to ${max} (*, lists, ranges and /steps allowed)`];
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
