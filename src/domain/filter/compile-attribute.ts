/**
 * `attr.modifier:value` terms compiled to predicates. The value is parsed and every date is
 * resolved once here, against the injected clock; the returned closures only compare.
 * All string comparisons ignore case, unlike Taskwarrior's, one rule for every kind (docs/reference/filters.md, "How values compare").
 */

import { resolveDate } from "../dates.js";
import type { DateField, IdListField, Task } from "../task.js";
import type { AttributeNode, Modifier } from "./ast.js";
import type { AttributeKind } from "./attributes.js";
import { kindOf } from "./attributes.js";
import { compileUserField } from "./compile-user-field.js";
import { idInRanges, parseIdRanges } from "./id-ranges.js";
import type { Predicate } from "./predicate.js";
import { lower, not, unreachable } from "./predicate.js";
import { dateIndexOf, dateOf, lowerBodyOf, lowerTitleOf } from "./task-cache.js";

/** A positive test; `not`, `isnt`, `hasnt` and `any` are compiled as negations of these. */
type PositiveModifier = Exclude<Modifier, "not" | "isnt" | "hasnt" | "any">;

const NEGATION: Partial<Record<Modifier, PositiveModifier>> = { not: "match", isnt: "is", hasnt: "has", any: "none" };

export function compileAttribute(node: AttributeNode, now: Date): Predicate {
  const positive = NEGATION[node.modifier];
  const modifier = positive ?? (node.modifier as PositiveModifier);
  // `attr:` (and `.is:`) with no value tests that the attribute is missing (docs/reference/filters.md, "Modifiers").
  const effective: PositiveModifier = node.value === "" && (modifier === "match" || modifier === "is") ? "none" : modifier;
  const test = compilePositive(kindOf(node.attribute, node.user), node.attribute, effective, node.value, now);
  return positive ? not(test) : test;
}

function compilePositive(kind: AttributeKind, attribute: string, modifier: PositiveModifier, value: string, now: Date): Predicate {
  switch (kind) {
    case "id":
    case "number":
      return compileNumber(attribute, modifier, value);
    case "idlist":
      return compileIdList(attribute as IdListField, modifier, value);
    case "taglist":
      return compileTags(modifier, value);
    case "date":
      return compileDate(attribute as DateField, modifier, value, now);
    case "user":
      return compileUserField(attribute, modifier, value, now);
    case "status":
      if (value.toLowerCase() === "waiting" && (modifier === "match" || modifier === "is")) {
        return (task, facts) => task.status === "pending" && facts.waiting;
      }
      return compileString((task) => task.status, modifier, value); // stored statuses are lower case
    case "priority":
      return compilePriority(modifier, value);
    case "type":
      return compileString((task) => lower(task.type), modifier, value);
    case "project":
      return compileString((task) => lower(task.project), modifier, value, isSameOrSubProject);
    case "text":
      return attribute === "title"
        ? compileString(lowerTitleOf, modifier, value)
        : compileString((task) => (task.body.trim() === "" ? undefined : lowerBodyOf(task)), modifier, value);
    case "string":
      return compileString((task) => lower(stringField(task, attribute)), modifier, value);
  }
}

/** `project:web` matches `web` and `web.api`, not `webapp` (*ours*). */
function isSameOrSubProject(actual: string, wanted: string): boolean {
  return actual === wanted || (actual.length > wanted.length && actual.startsWith(wanted) && actual[wanted.length] === ".");
}

/**
 * A scalar string test. `read` returns the value already lower-cased (memos do that once per
 * task) and `undefined` when it is missing; an empty string counts as missing.
 */
export function compileString(
  read: (task: Task) => string | undefined,
  modifier: PositiveModifier,
  value: string,
  match: (actual: string, wanted: string) => boolean = (actual, wanted) => actual === wanted,
): Predicate {
  const wanted = value.toLowerCase();
  switch (modifier) {
    case "none":
      return (task) => {
        const actual = read(task);
        return actual === undefined || actual === "";
      };
    case "match":
      return (task) => {
        const actual = read(task);
        return actual !== undefined && actual !== "" && match(actual, wanted);
      };
    case "is":
      return (task) => wanted !== "" && read(task) === wanted;
    case "has":
      return (task) => read(task)?.includes(wanted) ?? false;
    case "startswith":
      return (task) => read(task)?.startsWith(wanted) ?? false;
    case "endswith":
      return (task) => read(task)?.endsWith(wanted) ?? false;
    case "before":
      return (task) => lessThan(read(task), wanted);
    case "after":
      return (task) => lessThan(wanted, read(task));
    case "by":
      return (task) => {
        const actual = read(task);
        return actual !== undefined && actual !== "" && actual <= wanted;
      };
  }
}

function lessThan(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && left !== "" && right !== undefined && right !== "" && left < right;
}

function stringField(task: Task, attribute: string): string | undefined {
  switch (attribute) {
    case "assignee":
      return task.assignee;
    case "recur":
      return task.recur;
    case "branch":
      return task.branch;
    case "worktree":
      return task.worktree;
    default:
      return undefined;
  }
}

function compileNumber(attribute: string, modifier: PositiveModifier, value: string): Predicate {
  const read =
    attribute === "urgency"
      ? (_task: Task, facts: { urgency: number }) => facts.urgency
      : attribute === "parent"
        ? (task: Task) => task.parent
        : (task: Task) => task.id;
  const number = Number(value);
  switch (modifier) {
    case "none":
      return (task, facts) => read(task, facts) === undefined;
    case "match":
    case "is": {
      if (attribute === "urgency") return (task, facts) => read(task, facts) === number;
      const ranges = parseIdRanges(value, unreachable);
      return (task, facts) => {
        const actual = read(task, facts);
        return actual !== undefined && idInRanges(actual, ranges);
      };
    }
    case "before":
      return (task, facts) => (read(task, facts) ?? Number.NaN) < number;
    case "after":
      return (task, facts) => (read(task, facts) ?? Number.NaN) > number;
    case "by":
      return (task, facts) => (read(task, facts) ?? Number.NaN) <= number;
    case "has":
    case "startswith":
    case "endswith":
      return unreachable(`.${modifier} on ${attribute}`);
  }
}

function compileIdList(attribute: IdListField, modifier: PositiveModifier, value: string): Predicate {
  if (modifier === "none") return (task) => task[attribute].length === 0;
  const wanted = value.split(",").map(Number);
  // `depends:7,9` and `depends.has:7,9`: depends on every listed id (`related` alike).
  return (task) => wanted.every((id) => task[attribute].includes(id));
}

function compileTags(modifier: PositiveModifier, value: string): Predicate {
  if (modifier === "none") return (task) => task.tags.length === 0;
  const wanted = value.toLowerCase().split(",").filter((tag) => tag !== "");
  if (modifier === "startswith") {
    return (task) => task.tags.some((tag) => wanted.some((prefix) => tag.toLowerCase().startsWith(prefix)));
  }
  if (modifier === "endswith") {
    return (task) => task.tags.some((tag) => wanted.some((suffix) => tag.toLowerCase().endsWith(suffix)));
  }
  // match, is, has: every listed tag is on the task, as `+a +b` would say.
  return (task) => wanted.every((tag) => hasTag(task, tag));
}

/** Membership ignoring case; comparing lengths first spares most `toLowerCase` calls. */
export function hasTag(task: Task, lowerTag: string): boolean {
  for (const tag of task.tags) {
    if (tag.length === lowerTag.length && (tag === lowerTag || tag.toLowerCase() === lowerTag)) return true;
  }
  return false;
}

const PRIORITY_RANK: Readonly<Record<string, number>> = { H: 3, M: 2, L: 1 };

/** Priorities order H > M > L, so `priority.below:H` is M or L; a task without one never compares. */
function compilePriority(modifier: PositiveModifier, value: string): Predicate {
  const rank = PRIORITY_RANK[value.toUpperCase()] ?? Number.NaN;
  const read = (task: Task): number => (task.priority ? (PRIORITY_RANK[task.priority] ?? Number.NaN) : Number.NaN);
  if (modifier === "before") return (task) => read(task) < rank;
  if (modifier === "after") return (task) => read(task) > rank;
  if (modifier === "by") return (task) => read(task) <= rank;
  return compileString((task) => lower(task.priority), modifier, value);
}

/**
 * Dates: `due:<date>` is any moment in the named period (the whole day for a date), `.before`
 * and `.after` are strict around its start, `.by` includes it; a missing or broken date never
 * matches. String modifiers read the stored text (`due.startswith:2026-12`).
 */
function compileDate(field: DateField, modifier: PositiveModifier, value: string, now: Date): Predicate {
  if (modifier === "none") return (task) => task[field] === undefined || task[field] === "";
  if (modifier === "has" || modifier === "startswith" || modifier === "endswith") {
    return compileString((task) => lower(task[field]), modifier, value);
  }
  const resolved = resolveDate(value, now);
  if (!resolved) return () => false; // valid at parse time, out of range for this clock: nothing matches
  const index = dateIndexOf(field);
  const { start, end } = resolved;
  switch (modifier) {
    case "before":
      return (task) => dateOf(task, index) < start;
    case "after":
      return (task) => dateOf(task, index) > start;
    case "by":
      return (task) => dateOf(task, index) <= start;
    case "match":
    case "is":
      return (task) => {
        const time = dateOf(task, index);
        return time >= start && time < end;
      };
  }
}
