import type { FunctionScheduleIR } from '../ir/types.js';

/** The minute `epochMs` falls in, as the fields of an EventBridge cron read it in `timezone`. */
function fieldsAt(epochMs: number, timezone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(epochMs));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) + 1;
  return [Number(get('minute')), Number(get('hour')), Number(get('day')), Number(get('month')), weekday, Number(get('year'))];
}

/** `*`, `?`, `5`, `1-5`, `*\/15`, `10/5`, `1,3,5`: whether `value` is one of the field's values. */
function fieldMatches(field: string, value: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((item) => {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] = range === '*' ? [0, Number.MAX_SAFE_INTEGER] : range.split('-').map(Number);
    const last = to ?? (stepText === undefined ? from : Number.MAX_SAFE_INTEGER);
    return value >= from! && value <= last! && (value - from!) % step === 0;
  });
}

/** Whether the schedule fires in the minute that holds `epochMs` (EventBridge Scheduler's resolution). */
export function scheduleFiresAt(s: FunctionScheduleIR, epochMs: number): boolean {
  const at = fieldsAt(epochMs, s.timezone);
  return s.cron.every((field, i) => fieldMatches(field, at[i]!));
}
