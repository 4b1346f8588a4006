/**
 * The few ISO 8601 helpers the graph, urgency, sort and recurrence code need. Kept tiny and
 * separate from the filter's date language (dates.ts) on purpose: these only read the values
 * stored in task files, which are always ISO.
 */

export const DAY_MS = 86_400_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch for an ISO date or date-time, `undefined` when it is not one.
 * A date without a time is 00:00 UTC and a time without an offset is UTC (SPEC §1), never the
 * machine's local zone: `Date.parse` would read `2026-12-01T10:00` as local time.
 */
export function parseIsoTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseCanonical(value) ?? parseGeneral(value);
}

/**
 * The two shapes the tool itself writes (`2026-12-01`, `2026-12-01T10:02:11Z`), read digit by
 * digit: the index parses tens of thousands of dates per load and the regex path is ~5× slower.
 */
function parseCanonical(value: string): number | undefined {
  const length = value.length;
  if (length !== 10 && length !== 20 && length !== 24) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined; // "-"
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return undefined;
  if (length === 10) return Date.UTC(year, month - 1, day);
  if (value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined; // T : :
  if (value.charCodeAt(length - 1) !== 90 || (length === 24 && value.charCodeAt(19) !== 46)) return undefined; // Z, "." before millis
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const millis = length === 24 ? digits(value, 20, 3) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The number written by `count` ASCII digits at `start`, or -1. */
function digits(value: string, start: number, count: number): number {
  let result = 0;
  for (let i = start; i < start + count; i++) {
    const code = value.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    result = result * 10 + code;
  }
  return result;
}

function parseGeneral(value: string): number | undefined {
  const match = ISO.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return undefined;
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return utc - offsetMinutes(offset) * 60_000;
}

/** True when the value is a date without a time of day (`2026-12-01`). */
export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

/** The UTC calendar day of an instant as `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days in a month (0-based month), leap years included. */
export function daysInMonth(year: number, month0: number): number {
  if (month0 !== 1) return MONTH_DAYS[month0] ?? 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since the epoch of an instant's UTC calendar day: cheap to compare, unlike `utcDay`. */
export function utcDayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function offsetMinutes(offset: string | undefined): number {
  if (offset === undefined || offset.toUpperCase() === "Z") return 0;
  const digits = offset.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return offset.startsWith("-") ? -minutes : minutes;
}
