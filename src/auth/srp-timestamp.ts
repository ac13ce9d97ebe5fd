/**
 * The TIMESTAMP the client signs in PASSWORD_VERIFIER: `Tue Jan 2 03:04:05 UTC 2024` (UTC, day of
 * month not padded; reference §B.3). Signing the time bounds how long a captured claim can be replayed.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PATTERN = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/** Clocks on developer machines drift; five minutes either way is accepted. */
export const SRP_TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

/** epoch milliseconds, or undefined when the text is not in the client's format */
export function parseSrpTimestamp(text: string): number | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return undefined;
  const [day, hh, mm, ss, year] = [m[3], m[4], m[5], m[6], m[7]].map(Number) as [number, number, number, number, number];
  return Date.UTC(year, month, day, hh, mm, ss);
}

export function formatSrpTimestamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${time} UTC ${d.getUTCFullYear()}`;
}

export function isSrpTimestampFresh(text: string, nowMs: number): boolean {
  const t = parseSrpTimestamp(text);
  return t !== undefined && Math.abs(nowMs - t) <= SRP_TIMESTAMP_TOLERANCE_MS;
}
