/**
 * The date language of filters and changes (docs/reference/filters.md, "Dates"): ISO dates (read by iso-time.ts), named
 * dates, weekdays, period boundaries and relative offsets, plus the durations recurrence uses.
 * Everything is UTC and relative to the `now` the caller passes in, so a fixed clock gives exact
 * answers.
 *
 * Rules a user can rely on (also in the README):
 * - A date without a time is 00:00 UTC and names the whole day; a time without a zone is UTC.
 * - A weekday name is the next such day strictly after today (Taskwarrior): `friday` on a
 *   Friday is the Friday a week later.
 * - Weeks start on Monday (ISO 8601). `sow`/`socw` is this week's Monday, `eow`/`eocw` its
 *   Sunday 23:59:59; `sonw`/`sopw` are the next/previous week's. The same `s`/`e` + `o` +
 *   optional `p`/`c`/`n` pattern works for `d`, `w`, `m`, `q`, `y` (`som`, `eoq`, `sony`…).
 *   Starts name a day; ends are the instant 23:59:59 of the period's last day, as Taskwarrior.
 * - Offsets: `now-2h`, `+3d`, `-1w`, `3d` (from now), `today+1d`, `friday+2d`, `2026-12-01+1w`.
 *   Units: s, min, h, d, w, mo, q, y and their long forms. A bare `m` is refused: Taskwarrior
 *   reads it as a month, most people as minutes, and `now-30m` silently meaning 30 months is
 *   worse than an error (recurrence refuses it too). Months and years are calendar months,
 *   clamped (Jan 31 + 1mo = Feb 28).
 */

import { DAY_MS, daysInMonth, parseIsoDate, utcMidnight } from "./iso-time.js";

export interface ResolvedDate {
  /** The moment, in ms since the epoch. */
  start: number;
  /** Exclusive end of the named period: the next day for a date, `start + 1` for an instant. */
  end: number;
  /** False when the text named a whole day. */
  hasTime: boolean;
}

/** A calendar part (months) and an exact part (ms): months vary in length, so they stay apart. */
export interface Duration {
  months: number;
  ms: number;
}

// Maps, not object literals: a lookup of "constructor" must not find Object's prototype.
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ["sunday", 0], ["sun", 0], ["monday", 1], ["mon", 1], ["tuesday", 2], ["tue", 2], ["wednesday", 3],
  ["wed", 3], ["thursday", 4], ["thu", 4], ["friday", 5], ["fri", 5], ["saturday", 6], ["sat", 6],
]);

const UNITS: ReadonlyMap<string, Duration> = (() => {
  const table = new Map<string, Duration>();
  const add = (names: string, unit: Duration): void => {
    for (const name of names.split(" ")) table.set(name, unit);
  };
  add("s sec secs second seconds", { months: 0, ms: 1000 });
  add("min mins minute minutes", { months: 0, ms: 60_000 });
  add("h hr hrs hour hours", { months: 0, ms: 3_600_000 });
  add("d day days", { months: 0, ms: DAY_MS });
  add("w wk wks week weeks", { months: 0, ms: 7 * DAY_MS });
  add("mo mos mth mths month months", { months: 1, ms: 0 });
  add("q qtr qtrs quarter quarters", { months: 3, ms: 0 });
  add("y yr yrs year years", { months: 12, ms: 0 });
  return table;
})();

const NAMED_DURATIONS: ReadonlyMap<string, Duration> = new Map([
  ["hourly", { months: 0, ms: 3_600_000 }],
  ["daily", { months: 0, ms: DAY_MS }],
  ["weekly", { months: 0, ms: 7 * DAY_MS }],
  ["biweekly", { months: 0, ms: 14 * DAY_MS }],
  ["fortnight", { months: 0, ms: 14 * DAY_MS }],
  ["fortnightly", { months: 0, ms: 14 * DAY_MS }],
  ["monthly", { months: 1, ms: 0 }],
  ["bimonthly", { months: 2, ms: 0 }],
  ["quarterly", { months: 3, ms: 0 }],
  ["semiannual", { months: 6, ms: 0 }],
  ["yearly", { months: 12, ms: 0 }],
  ["annual", { months: 12, ms: 0 }],
  ["annually", { months: 12, ms: 0 }],
  ["biannual", { months: 24, ms: 0 }],
  ["biyearly", { months: 24, ms: 0 }],
]);

const MAX_DATE_LENGTH = 64;
const OFFSETS = /^(.*?)((?:[+-]\d+[a-z]+)+)$/;
const OFFSET = /([+-])(\d+)([a-z]+)/g;
const BARE_DURATION = /^(\d+)([a-z]+)$/;
const BOUNDARY = /^([se])o([pcn]?)([dwmqy])$/;
const ISO_DURATION = /^p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$/;

const BARE_M = /(\d)\s*m(?![a-z])/gi;

/**
 * What to write instead of the refused unit `m` (Taskwarrior reads it as months, most people as
 * minutes), with the text rewritten both ways; undefined when the text does not use it.
 */
export function minuteOrMonthHint(text: string): string | undefined {
  // ISO 8601 (`PT30M`) says which it means by where the M stands.
  if (/^\s*[+-]?p/i.test(text) || !new RegExp(BARE_M.source, "i").test(text)) return undefined;
  const as = (unit: string): string => text.trim().replace(BARE_M, `$1${unit}`);
  return `"m" could mean minutes or months; write min for minutes or mo for months (${as("min")}, ${as("mo")})`;
}

/** Resolves a date expression against `now`; `undefined` when the text is not a date. */
export function resolveDate(text: string, now: Date): ResolvedDate | undefined {
  const lower = text.trim().toLowerCase();
  const nowMs = now.getTime();
  // No date expression is this long; the cap keeps the offset regex linear on hostile input.
  if (lower === "" || lower.length > MAX_DATE_LENGTH || !Number.isFinite(nowMs)) return undefined;
  const base = resolveBase(lower, nowMs);
  if (base) return base;
  const bare = BARE_DURATION.exec(lower);
  if (bare) return applyOffsets(instant(nowMs), `+${lower}`);
  const split = OFFSETS.exec(lower);
  if (!split) return undefined;
  const head = split[1] ?? "";
  const from = head === "" ? instant(nowMs) : resolveBase(head, nowMs);
  return from ? applyOffsets(from, split[2] ?? "") : undefined;
}

/** The text a task file stores for a resolved date: `YYYY-MM-DD` for a day, ISO UTC to the second otherwise. */
export function formatResolvedDate(date: Pick<ResolvedDate, "start" | "hasTime">): string {
  return formatIso(Math.floor(date.start / 1000) * 1000, date.hasTime);
}

/**
 * A recurrence period: `daily weekly monthly yearly` (and `biweekly quarterly …`), `2w`, `3d`,
 * `1mo`, `week`, or ISO 8601 `P1D`/`PT12H`. `undefined` for anything else and for a zero
 * period, which would spawn occurrences forever.
 */
export function parseDuration(text: string): Duration | undefined {
  const lower = text.trim().toLowerCase();
  const named = NAMED_DURATIONS.get(lower) ?? (/^[a-z]{2,}$/.test(lower) ? UNITS.get(lower) : undefined);
  if (named) return { ...named };
  const simple = /^(\d+)\s*([a-z]+)$/.exec(lower);
  const iso = simple ? undefined : ISO_DURATION.exec(lower);
  let result: Duration | undefined;
  if (simple) {
    const unit = UNITS.get(simple[2] ?? "");
    if (unit) result = scale(unit, Number(simple[1]));
  } else if (iso && lower !== "p" && lower !== "pt" && !lower.endsWith("t")) {
    const [, y, mo, w, d, h, mi, s] = iso.map((part) => Number(part ?? 0));
    result = {
      months: (y ?? 0) * 12 + (mo ?? 0),
      ms: ((w ?? 0) * 7 + (d ?? 0)) * DAY_MS + (h ?? 0) * 3_600_000 + (mi ?? 0) * 60_000 + Math.round((s ?? 0) * 1000),
    };
  }
  if (!result || !Number.isFinite(result.ms) || (result.months === 0 && result.ms === 0)) return undefined;
  return result;
}

/**
 * Moves an ISO date by `times` periods, counted from the anchor so monthly dates do not drift
 * (Jan 31 → Feb 28 → Mar 31). A date-only input stays date-only unless the period has a time
 * part; a time comes back in UTC (`Z`). `undefined` when `iso` is not an ISO date.
 */
export function addDuration(iso: string, duration: Duration, times = 1): string | undefined {
  const parsed = parseIsoDate(iso);
  if (!parsed) return undefined;
  const moved = addMonths(parsed.ms, duration.months * times) + duration.ms * times;
  if (!Number.isFinite(moved) || Math.abs(moved) > 8.64e15) return undefined;
  return formatIso(moved, parsed.hasTime || moved % DAY_MS !== 0);
}

/** Adds calendar months, clamping the day to the target month's length. */
export function addMonths(ms: number, months: number): number {
  if (months === 0) return ms;
  const date = new Date(ms);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const timeOfDay = ms - startOfUtcDay(ms);
  return utcMidnight(year, month, day) + timeOfDay;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function resolveBase(lower: string, nowMs: number): ResolvedDate | undefined {
  const today = startOfUtcDay(nowMs);
  switch (lower) {
    case "now":
      return instant(nowMs);
    case "today":
      return day(today);
    case "yesterday":
      return day(today - DAY_MS);
    case "tomorrow":
      return day(today + DAY_MS);
    case "later":
    case "someday":
      return day(utcMidnight(9999, 11, 30));
  }
  const weekday = WEEKDAYS.get(lower);
  if (weekday !== undefined) {
    // Strictly after today, as Taskwarrior: naming today's weekday means next week's.
    const ahead = (weekday - new Date(today).getUTCDay() + 7) % 7 || 7;
    return day(today + ahead * DAY_MS);
  }
  const boundary = BOUNDARY.exec(lower);
  if (boundary) return resolveBoundary(boundary[1] === "s", boundary[2] ?? "", boundary[3] ?? "d", today);
  const iso = parseIsoDate(lower);
  if (iso) return iso.hasTime ? instant(iso.ms) : day(iso.ms);
  return undefined;
}

/** `sow`, `eonm`, `sopy`…: the start (a day) or end (23:59:59) of the previous/current/next period. */
function resolveBoundary(isStart: boolean, which: string, unit: string, today: number): ResolvedDate {
  const shift = which === "p" ? -1 : which === "n" ? 1 : 0;
  const date = new Date(today);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  let from: number;
  let to: number; // exclusive
  if (unit === "d") {
    from = today + shift * DAY_MS;
    to = from + DAY_MS;
  } else if (unit === "w") {
    const monday = today - ((date.getUTCDay() + 6) % 7) * DAY_MS;
    from = monday + shift * 7 * DAY_MS;
    to = from + 7 * DAY_MS;
  } else {
    const length = unit === "m" ? 1 : unit === "q" ? 3 : 12;
    const first = unit === "m" ? month : unit === "q" ? month - (month % 3) : 0;
    from = utcMidnight(year, first + shift * length, 1);
    to = utcMidnight(year, first + (shift + 1) * length, 1);
  }
  return isStart ? day(from) : instant(to - 1000);
}

function applyOffsets(from: ResolvedDate, offsets: string): ResolvedDate | undefined {
  let start = from.start;
  let hasTime = from.hasTime;
  for (const [, sign, count, name] of offsets.matchAll(OFFSET)) {
    const unit = UNITS.get(name ?? "");
    if (!unit) return undefined;
    const n = Number(count) * (sign === "-" ? -1 : 1);
    start = addMonths(start, unit.months * n) + unit.ms * n;
    if (unit.ms % DAY_MS !== 0) hasTime = true;
  }
  if (!Number.isFinite(start) || Math.abs(start) > 8.64e15) return undefined;
  return hasTime ? instant(start) : day(start);
}

function scale(unit: Duration, n: number): Duration {
  return { months: unit.months * n, ms: unit.ms * n };
}

function day(start: number): ResolvedDate {
  return { start, end: start + DAY_MS, hasTime: false };
}

function instant(start: number): ResolvedDate {
  return { start, end: start + 1, hasTime: true };
}

function formatIso(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString();
  if (!withTime) return iso.slice(0, 10);
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}
