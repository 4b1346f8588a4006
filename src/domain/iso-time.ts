/**
 * The one reader of ISO 8601 dates and times (docs/reference/file-format.md, "How values are read"), with the few calendar helpers around it.
 * Task file validation (format/iso-date.ts), the filter's date language (dates.ts), the
 * evaluator's date memo (filter/task-cache.ts), sort, urgency, graph and recurrence all read here,
 * so a value a task file may hold means the same instant everywhere.
 *
 * The forms: `YYYY-MM-DD`, or that date, `T` or a space, `HH:MM[:SS[.fraction]]` and an optional
 * zone, `Z` or `±HH[[:]MM]`; letters in either case; real calendar days, times up to 23:59:59,
 * offsets up to ±23:59. A date without a time is 00:00 UTC. A time without a zone is read as UTC,
 * never the machine's zone (`Date.parse` would read `2026-12-01T10:00` as local time): filters
 * accept it, task files refuse it.
 */

export const DAY_MS = 86_400_000;

/** What an ISO date or date-time says. */
export interface IsoTime {
  /** The instant in ms since the epoch; 00:00 UTC of the day for a bare date. */
  ms: number;
  /** False for a bare date, which names the whole day. */
  hasTime: boolean;
  /** True when the time carries `Z` or an offset. */
  hasZone: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;

/** Reads `text` exactly as written, so surrounding space is refused; `undefined` when it is not ISO. */
export function readIsoTime(text: string): IsoTime | undefined {
  const ms = readCanonical(text);
  if (Number.isNaN(ms)) return readGeneral(text);
  const hasTime = text.length !== 10;
  return { ms, hasTime, hasZone: hasTime };
}

/**
 * Milliseconds since the epoch of an ISO date or date-time, `undefined` when it is not one.
 * Surrounding space is ignored. No allocation on the shapes the tool writes: the filter's date
 * memo, sort and urgency read tens of thousands of dates per query.
 */
export function parseIsoTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = readCanonical(value);
  return Number.isNaN(ms) ? readGeneral(value.trim())?.ms : ms;
}

/** The instant and whether a time was given, surrounding space ignored: what a date expression starts from. */
export function parseIsoDate(text: string): { ms: number; hasTime: boolean } | undefined {
  const read = readIsoTime(text.trim());
  return read && { ms: read.ms, hasTime: read.hasTime };
}

/**
 * The shapes the tool itself writes (`2026-12-01`, `2026-12-01T10:02:11Z`, with `.123` before the
 * `Z`), read digit by digit: the regex path is several times slower. NaN for anything else,
 * which then takes `readGeneral`; both must agree on every string this reads.
 */
function readCanonical(value: string): number {
  const length = value.length;
  if (length !== 10 && length !== 20 && length !== 24) return Number.NaN;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return Number.NaN; // "-"
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  // Years before 100 take the general path: `Date.UTC` would read them as 1900–1999.
  if (year < 100 || month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month - 1))) return Number.NaN;
  if (length === 10) return Date.UTC(year, month - 1, day);
  if (value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return Number.NaN; // T : :
  if (value.charCodeAt(length - 1) !== 90 || (length === 24 && value.charCodeAt(19) !== 46)) return Number.NaN; // Z, "."
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const millis = length === 24 ? digits(value, 20, 3) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return Number.NaN;
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

function readGeneral(text: string): IsoTime | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone, sign, zoneHour, zoneMinute] = match;
  const year = Number(y);
  const month0 = Number(mo) - 1;
  const day = Number(d);
  if (month0 < 0 || month0 > 11 || day < 1 || day > daysInMonth(year, month0)) return undefined;
  const midnight = utcMidnight(year, month0, day);
  if (h === undefined) return { ms: midnight, hasTime: false, hasZone: false };
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  const offsetHours = Number(zoneHour ?? 0);
  const offsetMinutes = Number(zoneMinute ?? 0);
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  // Digits past the millisecond are cut, not rounded: 10:00:00.9999Z is still 10:00:00.999Z.
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const offset = (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const ms = midnight + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
  return { ms, hasTime: true, hasZone: zone !== undefined };
}

/** True when the value is a date without a time of day (`2026-12-01`). */
export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

/** The UTC calendar day of an instant as `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days since the epoch of an instant's UTC calendar day: cheap to compare, unlike `utcDay`. */
export function utcDayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Days in a month (0-based month), leap years included. */
export function daysInMonth(year: number, month0: number): number {
  if (month0 !== 1) return MONTH_DAYS[month0] ?? 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 00:00 UTC of a day. `Date.UTC` reads years 0–99 as 1900–1999; this does not. Months may overflow. */
export function utcMidnight(year: number, month0: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month0, day);
  return date.getTime();
}
