/**
 * Per-task memos for the evaluator. Task objects are immutable (a change makes a new object),
 * so a WeakMap keyed by the object is always fresh and lets go of replaced tasks: a query over
 * 10,000 tasks lower-cases each body once in the process's life, not once per query.
 */

import { parseIsoTime } from "../iso-time.js";
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
    const value: unknown = task[field];
    dates[i] = typeof value === "string" ? (parseIsoTime(value) ?? Number.NaN) : Number.NaN;
  });
  return dates;
}
