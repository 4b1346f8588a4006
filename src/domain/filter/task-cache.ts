/**
 * Per-task memos for the evaluator. Task objects are immutable (a change makes a new object),
 * so a WeakMap keyed by the object is always fresh and lets go of replaced tasks: a query over
 * 10,000 tasks lower-cases each body once in the process's life, not once per query.
 */

import { parseIsoDate } from "../dates.js";
import type { DateField, Task } from "../task.js";
import { DATE_FIELDS } from "../task.js";

interface TaskMemo {
  search?: string;
  title?: string;
  body?: string;
  dates?: Float64Array;
}

const memos = new WeakMap<Task, TaskMemo>();

function memoOf(task: Task): TaskMemo {
  let memo = memos.get(task);
  if (!memo) {
    memo = {};
    memos.set(task, memo);
  }
  return memo;
}

/** Title and body (notes included), lower-cased: what bare words search. */
export function searchTextOf(task: Task): string {
  const memo = memoOf(task);
  return (memo.search ??= lowerSearchText(task));
}

/** The same text, not kept: the word index reads each task once and needs no copy afterwards. */
export function lowerSearchText(task: Task): string {
  return `${task.title}\n${task.body}`.toLowerCase();
}

export function lowerTitleOf(task: Task): string {
  const memo = memoOf(task);
  return (memo.title ??= task.title.toLowerCase());
}

export function lowerBodyOf(task: Task): string {
  const memo = memoOf(task);
  return (memo.body ??= task.body.toLowerCase());
}

const DATE_INDEX: ReadonlyMap<string, number> = new Map(DATE_FIELDS.map((field, index) => [field, index]));

export function dateIndexOf(field: DateField): number {
  return DATE_INDEX.get(field) ?? 0;
}

/**
 * A date field in ms since the epoch, NaN when missing or not a date (a hand edit gone wrong
 * never matches a date test). All date fields are parsed together on first use.
 */
export function dateOf(task: Task, index: number): number {
  const memo = memoOf(task);
  const dates = (memo.dates ??= parseDates(task));
  return dates[index] ?? Number.NaN;
}

function parseDates(task: Task): Float64Array {
  const dates = new Float64Array(DATE_FIELDS.length);
  DATE_FIELDS.forEach((field, i) => {
    dates[i] = parseTaskDate(task[field]);
  });
  return dates;
}

/** Fast path for the two shapes the tool writes (`2026-12-01`, `2026-12-01T10:02:11Z`). */
export function parseTaskDate(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  const fast = value.length === 10 || (value.length === 20 && value[10] === "T" && value[19] === "Z");
  if (fast && value[4] === "-" && value[7] === "-") {
    const year = digits(value, 0, 4);
    const month = digits(value, 5, 2);
    const day = digits(value, 8, 2);
    const withTime = value.length === 20;
    const hour = withTime && value[13] === ":" && value[16] === ":" ? digits(value, 11, 2) : withTime ? -1 : 0;
    const minute = withTime ? digits(value, 14, 2) : 0;
    const second = withTime ? digits(value, 17, 2) : 0;
    // Days up to 28 exist in every month; later days take the validating parser below.
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 28 &&
      hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
  }
  // Anything rarer (days 29–31, offsets, fractions, bad text) takes the full, validating parser.
  return parseIsoDate(value)?.ms ?? Number.NaN;
}

/** The number in `length` ASCII digits at `start`, or -1 when a character is not a digit. */
function digits(text: string, start: number, length: number): number {
  let result = 0;
  for (let i = start; i < start + length; i += 1) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    result = result * 10 + code;
  }
  return result;
}
