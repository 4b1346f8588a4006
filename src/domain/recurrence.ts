/**
 * Recurrence (docs/reference/changes.md, "Recurrence"): when a task with `recur` is done, its next occurrence is a new task
 * with the same fields and its dates moved by one period.
 *
 * Decisions:
 * - Periods: `hourly daily weekly biweekly monthly quarterly yearly` (also `annual`), or a count
 *   and a unit: `12h 3d 2w 1mo 1y` (also `2 weeks`, `3days`). `m` alone is refused: minutes
 *   or months is a guess we will not make.
 * - Months and years clamp the day: Jan 31 + 1mo = Feb 28 (29 in a leap year). Each occurrence
 *   moves from the previous one, so a series that hit the 28th stays on the 28th.
 * - `due`, `scheduled` and `wait` move by one period each, even if the result is still in the
 *   past (a late completion is visible, not silently skipped).
 * - A task with none of those dates gets `scheduled` one period after now, so `daily` reappears
 *   in READY tomorrow rather than at once.
 * - No occurrence when its due (else scheduled, else wait) is after `until`.
 * - `started ended created modified branch worktree` are not copied (the service sets `created`);
 *   the notes stay with the finished task: the body is copied without its `## Notes` section.
 */
import { minuteOrMonthHint } from "./dates.js";
import { BacklogError } from "./errors.js";
import { daysInMonth, DAY_MS, isDateOnly, parseIsoTime, utcDay } from "./iso-time.js";
import type { Task } from "./task.js";

export type PeriodUnit = "hour" | "day" | "week" | "month" | "year";

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

/** A task to create: everything the service needs except what it assigns (id, path) or parses (notes). */
export type NewOccurrence = Omit<Task, "id" | "path" | "body" | "notes"> & { body: string };

const NAMED: Readonly<Record<string, Period>> = {
  hourly: { amount: 1, unit: "hour" },
  daily: { amount: 1, unit: "day" },
  weekly: { amount: 1, unit: "week" },
  biweekly: { amount: 2, unit: "week" },
  fortnightly: { amount: 2, unit: "week" },
  monthly: { amount: 1, unit: "month" },
  quarterly: { amount: 3, unit: "month" },
  yearly: { amount: 1, unit: "year" },
  annual: { amount: 1, unit: "year" },
};

const UNITS: Readonly<Record<string, PeriodUnit>> = {
  h: "hour",
  hour: "hour",
  hours: "hour",
  d: "day",
  day: "day",
  days: "day",
  w: "week",
  wk: "week",
  week: "week",
  weeks: "week",
  mo: "month",
  month: "month",
  months: "month",
  y: "year",
  yr: "year",
  year: "year",
  years: "year",
};

/** Reads a `recur` value; anything else is an "invalid" error that names it. */
export function parseRecur(value: string): Period {
  const text = value.trim().toLowerCase();
  const named = Object.hasOwn(NAMED, text) ? NAMED[text] : undefined;
  if (named) return named;
  const match = /^(\d{1,4})\s*([a-z]+)$/.exec(text);
  const unit = match?.[2] !== undefined && Object.hasOwn(UNITS, match[2]) ? UNITS[match[2]] : undefined;
  const amount = match ? Number(match[1]) : 0;
  if (unit === undefined || amount < 1) {
    const hint = minuteOrMonthHint(value);
    if (hint) throw new BacklogError("invalid", `Bad recur value "${value}": ${hint}.`, { field: "recur", value });
    throw new BacklogError(
      "invalid",
      `Bad recur value "${value}": use daily, weekly, monthly, yearly, or a count and a unit such as 2w, 3d, 1mo, 1y, 12h.`,
      { field: "recur", value },
    );
  }
  return { amount, unit };
}

/**
 * An ISO date or date-time moved by a period, in the same shape: a date stays a date unless the
 * period is in hours; a date-time comes back in UTC (`Z`), with milliseconds only if it had any.
 */
export function addPeriod(iso: string, period: Period): string {
  const ms = parseIsoTime(iso);
  if (ms === undefined) throw new BacklogError("invalid", `Cannot move "${iso}" by a period: it is not an ISO date.`, { value: iso });
  const moved = addPeriodMs(ms, period);
  if (isDateOnly(iso) && period.unit !== "hour") return utcDay(moved);
  const text = new Date(moved).toISOString();
  return moved % 1000 === 0 ? text.replace(".000Z", "Z") : text;
}

export function nextOccurrence(task: Task, now: Date): NewOccurrence | undefined {
  if (task.recur === undefined || task.recur.trim() === "") return undefined;
  const period = parseRecur(task.recur);
  const move = (value: string | undefined): string | undefined => (value === undefined ? undefined : addPeriod(value, period));

  const due = move(task.due);
  let scheduled = move(task.scheduled);
  const wait = move(task.wait);
  if (due === undefined && scheduled === undefined && wait === undefined) {
    scheduled = addPeriod(period.unit === "hour" ? now.toISOString() : utcDay(now.getTime()), period);
  }
  const anchor = parseIsoTime(due ?? scheduled ?? wait);
  const until = parseIsoTime(task.until);
  if (anchor !== undefined && until !== undefined && anchor > until) return undefined;

  // Copy first, then drop what belongs to the finished occurrence.
  const { id, path: _path, body, notes: _notes, started: _s, ended: _e, created: _c, modified: _m, branch: _b, worktree: _w, ...rest } = task;
  const next: NewOccurrence = {
    ...rest,
    status: "pending",
    tags: [...task.tags],
    depends: [...task.depends],
    related: [...task.related],
    user: structuredClone(task.user),
    parent: task.parent ?? id,
    body: withoutNotes(body),
  };
  setOrDelete(next, "due", due);
  setOrDelete(next, "scheduled", scheduled);
  setOrDelete(next, "wait", wait);
  return next;
}

function addPeriodMs(ms: number, { amount, unit }: Period): number {
  switch (unit) {
    case "hour":
      return ms + amount * 3_600_000;
    case "day":
      return ms + amount * DAY_MS;
    case "week":
      return ms + amount * 7 * DAY_MS;
    case "month":
      return addMonths(ms, amount);
    case "year":
      return addMonths(ms, amount * 12);
  }
}

function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const total = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const timeOfDay = ms - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

/** The body without a trailing `## Notes` section (notes end the body: docs/reference/file-format.md, "The body and `## Notes`"). */
export function withoutNotes(body: string): string {
  const heading = /^## Notes[ \t]*\r?$/gm;
  let start = -1;
  for (let match = heading.exec(body); match !== null; match = heading.exec(body)) start = match.index;
  if (start < 0) return body;
  const kept = body.slice(0, start).replace(/\s+$/, "");
  if (kept === "") return "";
  return kept + (body.includes("\r\n") ? "\r\n" : "\n");
}

function setOrDelete(target: NewOccurrence, field: "due" | "scheduled" | "wait", value: string | undefined): void {
  if (value === undefined) delete target[field];
  else target[field] = value;
}
