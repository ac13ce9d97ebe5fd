import { isIPv4, isIPv6 } from 'node:net';

/**
 * The value rules of AppSync's string scalars, from the AppSync "Scalar types" page
 * (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html) and its older, more detailed
 * wording. Where the page is loose (AWSEmail "as defined by RFC 822", AWSPhone, AWSURL "RFC 1738")
 * the checks here are Hearth's reading of it, not AppSync's own validator.
 *
 * - AWSDate `YYYY-MM-DD` (a negative year allowed), AWSTime `hh:mm[:ss[.f{1,9}]]`, both with an
 *   optional offset; AWSDateTime `<date>T<time>` with a REQUIRED offset. An offset is `Z` or
 *   `±hh:mm[:ss]` (seconds "considered valid even though it's not part of ISO 8601"). Calendar
 *   and clock ranges are checked (no 2025-02-30, no 24:00).
 * - AWSEmail `local-part@domain-part`; AWSURL has a scheme and no `//` in its path; AWSPhone is
 *   digits with optional spaces/hyphens (a leading `+` country code, else a 10-digit NANP number);
 *   AWSIPAddress is IPv4 dotted-quad or non-bracketed IPv6, with an optional `/prefix`.
 */
const OFFSET = String.raw`(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)`;
const DATE = String.raw`(-?\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?`;
const DATE_RE = new RegExp(`^${DATE}${OFFSET}?$`);
const TIME_RE = new RegExp(`^${TIME}${OFFSET}?$`);
const DATETIME_RE = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

function realDate(m: RegExpExecArray | null): boolean {
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL_RE = new RegExp(
  String.raw`^(?:${ATOM}(?:\.${ATOM})*|"[^"\\\r\n]*")@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[^\]\s]+\])$`,
);

function isUrl(v: string): boolean {
  if (/\s/.test(v) || !/^[A-Za-z][A-Za-z0-9+.-]*:./.test(v)) return false;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  return !url.pathname.includes('//');
}

function isPhone(v: string): boolean {
  if (!/^\+?\(?\d+\)?(?:[ -]?\(?\d+\)?)*$/.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  if (v.startsWith('+')) return digits.length >= 7 && digits.length <= 15;
  return digits.length === 10 || (digits.length === 11 && digits.startsWith('1'));
}

function isIpAddress(v: string): boolean {
  const [ip, prefix, extra] = v.split('/');
  if (extra !== undefined || !ip) return false;
  const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
  if (max < 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
}

/** scalar name → whether a string is a valid value of it. */
export const STRING_FORMATS: Record<string, (v: string) => boolean> = {
  AWSDate: (v) => realDate(DATE_RE.exec(v)),
  AWSTime: (v) => TIME_RE.test(v),
  AWSDateTime: (v) => realDate(DATETIME_RE.exec(v)),
  AWSEmail: (v) => EMAIL_RE.test(v),
  AWSURL: isUrl,
  AWSPhone: isPhone,
  AWSIPAddress: isIpAddress,
};
