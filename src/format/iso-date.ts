/**
 * The date forms a task file may hold (SPEC §1: ISO 8601, UTC when they carry a time).
 * The string is kept as written; this only decides whether it is acceptable.
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

export type DateVerdict = "ok" | "no-zone" | "invalid";

/**
 * `2026-12-01`, `2026-12-01T10:02:11Z`, `2026-12-01T10:02:11.5+02:00`, and the same with a space
 * instead of `T` are ok. A time without a zone is refused: JavaScript would read it as local time,
 * so two machines would disagree about when it is.
 */
export function checkIsoDate(value: string): DateVerdict {
  const match = DATE_TIME.exec(value);
  if (!match) return "invalid";
  const [, year, month, day, hour, minute, second, zone, zoneHour, zoneMinute] = match;
  if (!validDay(Number(year), Number(month), Number(day))) return "invalid";
  if (hour === undefined) return "ok";
  if (Number(hour) > 23 || Number(minute) > 59 || (second !== undefined && Number(second) > 59)) return "invalid";
  if (zone === undefined) return "no-zone";
  if (zoneHour !== undefined && (Number(zoneHour) > 23 || Number(zoneMinute ?? 0) > 59)) return "invalid";
  return "ok";
}

export function isIsoDate(value: string): boolean {
  return checkIsoDate(value) === "ok";
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}
