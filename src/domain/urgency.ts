/**
 * Urgency, as Taskwarrior computes it by default (src/Task.cpp, `Task::urgency_c`): a sum of
 * terms, each a factor between 0 and 1 times a coefficient from config (docs/reference/filters.md, "Urgency").
 *
 * Where our model differs from Taskwarrior's, the term follows our model:
 * - `active` is our `active` status (Taskwarrior tests for a `start` date, which its `stop` removes).
 * - `next` is the `next` tag (Taskwarrior's `urgency.user.tag.next.coefficient`); it also counts
 *   as a tag in the tags term, as in Taskwarrior.
 * - `age` needs `created` (Taskwarrior's `entry`, always present there); without it the term is 0,
 *   and a `created` in the future counts as age 0 instead of going negative.
 * - A done or deleted task has urgency 0: there is nothing left to do, so its priority, due date
 *   or age must not rank it among the open work.
 */
import type { UrgencyCoefficients } from "./config.js";
import type { TaskFacts } from "./facts.js";
import { DAY_MS, parseIsoTime } from "./iso-time.js";
import { isOpen, type Task } from "./task.js";

export type UrgencyTermName =
  | "next"
  | "due"
  | "blocking"
  | "priority"
  | "active"
  | "scheduled"
  | "age"
  | "annotations"
  | "tags"
  | "project"
  | "waiting"
  | "blocked";

/** One line of the breakdown `show` can print, like Taskwarrior's `task info`. */
export interface UrgencyTerm {
  name: UrgencyTermName;
  /** 0..1: how much of the coefficient applies. */
  factor: number;
  coefficient: number;
  /** factor × coefficient. */
  value: number;
}

/** The facts urgency depends on; the rest of TaskFacts is not needed (and urgency is not known yet). */
export type UrgencyFacts = Pick<TaskFacts, "blocked" | "blocking" | "waiting">;

/** The terms that apply to the task (factor not 0), in Taskwarrior's order of `task info`. */
export function urgencyTerms(task: Task, facts: UrgencyFacts, c: UrgencyCoefficients, now: Date): UrgencyTerm[] {
  if (!isOpen(task)) return [];
  const nowMs = now.getTime();
  const candidates: [UrgencyTermName, number, number][] = [
    ["project", task.project ? 1 : 0, c.project],
    ["active", task.status === "active" ? 1 : 0, c.active],
    ["scheduled", scheduledFactor(task.scheduled, nowMs), c.scheduled],
    ["waiting", facts.waiting ? 1 : 0, c.waiting],
    ["blocked", facts.blocked ? 1 : 0, c.blocked],
    ["annotations", countFactor(task.notes.length), c.annotations],
    ["tags", countFactor(task.tags.length), c.tags],
    ["next", task.tags.includes("next") ? 1 : 0, c.next],
    ["due", dueFactor(task.due, nowMs), c.due],
    ["blocking", facts.blocking ? 1 : 0, c.blocking],
    ["age", ageFactor(task.created, nowMs, c.ageMax), c.age],
    ["priority", task.priority ? 1 : 0, priorityCoefficient(task, c)],
  ];
  return candidates
    .filter(([, factor, coefficient]) => factor !== 0 && coefficient !== 0)
    .map(([name, factor, coefficient]) => ({ name, factor, coefficient, value: factor * coefficient }));
}

/**
 * The task's urgency at full precision; round only for display (`roundUrgency`). The same sum as
 * `urgencyTerms`, term for term in the same order (so the floats are identical), without
 * allocating: the index computes it for every task on every load.
 */
export function computeUrgency(task: Task, facts: UrgencyFacts, c: UrgencyCoefficients, now: Date): number {
  if (!isOpen(task)) return 0;
  const nowMs = now.getTime();
  let sum = 0;
  const add = (factor: number, coefficient: number): void => {
    if (factor !== 0 && coefficient !== 0) sum += factor * coefficient;
  };
  add(task.project ? 1 : 0, c.project);
  add(task.status === "active" ? 1 : 0, c.active);
  add(scheduledFactor(task.scheduled, nowMs), c.scheduled);
  add(facts.waiting ? 1 : 0, c.waiting);
  add(facts.blocked ? 1 : 0, c.blocked);
  add(countFactor(task.notes.length), c.annotations);
  add(countFactor(task.tags.length), c.tags);
  add(task.tags.includes("next") ? 1 : 0, c.next);
  add(dueFactor(task.due, nowMs), c.due);
  add(facts.blocking ? 1 : 0, c.blocking);
  add(ageFactor(task.created, nowMs, c.ageMax), c.age);
  add(task.priority ? 1 : 0, priorityCoefficient(task, c));
  return sum;
}

/**
 * Urgency for display and JSON: 2 decimals (Taskwarrior's reports show a rounded value too).
 * Sorting uses the full value, so two tasks that print the same may still have an order.
 */
export function roundUrgency(urgency: number): number {
  const rounded = Math.round(urgency * 100) / 100;
  // Avoid printing "-0".
  return rounded === 0 ? 0 : rounded;
}

/**
 * Taskwarrior maps the 21 days from 14 days before due to 7 days after onto 0.2..1.0,
 * capped at both ends; any due date, however far away, is worth at least 0.2.
 */
export function dueFactor(due: string | undefined, nowMs: number): number {
  const dueMs = parseIsoTime(due);
  if (dueMs === undefined) return 0;
  const daysOverdue = (nowMs - dueMs) / DAY_MS;
  if (daysOverdue >= 7) return 1;
  if (daysOverdue >= -14) return ((daysOverdue + 14) * 0.8) / 21 + 0.2;
  return 0.2;
}

/** Whole days since `created` (truncated, as Taskwarrior does) over `ageMax`, capped at 1. */
export function ageFactor(created: string | undefined, nowMs: number, ageMax: number): number {
  const createdMs = parseIsoTime(created);
  if (createdMs === undefined) return 0;
  const age = Math.max(0, Math.trunc((nowMs - createdMs) / DAY_MS));
  if (ageMax <= 0 || age > ageMax) return 1;
  return age / ageMax;
}

/** When `ageFactor` next steps up (it counts whole days), or undefined once it stays at 1. */
export function nextAgeStep(created: string | undefined, nowMs: number, ageMax: number): number | undefined {
  const createdMs = parseIsoTime(created);
  if (createdMs === undefined || ageMax <= 0) return undefined;
  const days = Math.max(1, Math.floor((nowMs - createdMs) / DAY_MS) + 1);
  return days > ageMax ? undefined : createdMs + days * DAY_MS;
}

function scheduledFactor(scheduled: string | undefined, nowMs: number): number {
  const ms = parseIsoTime(scheduled);
  return ms !== undefined && ms < nowMs ? 1 : 0;
}

/** Taskwarrior's step for tags and annotations: 1 → 0.8, 2 → 0.9, 3 or more → 1. */
function countFactor(count: number): number {
  if (count >= 3) return 1;
  if (count === 2) return 0.9;
  if (count === 1) return 0.8;
  return 0;
}

function priorityCoefficient(task: Task, c: UrgencyCoefficients): number {
  switch (task.priority) {
    case "H":
      return c.priorityH;
    case "M":
      return c.priorityM;
    case "L":
      return c.priorityL;
    case undefined:
      return 0;
  }
}
