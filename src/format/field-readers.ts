/**
 * One reader per kind of known field: each turns a YAML node into the model's value or reports
 * why it cannot, in words that tell the user how to fix the file.
 */
import { isMap, isScalar, isSeq, type ParsedNode } from "yaml";
import type { ProblemCode } from "../domain/problem.js";
import { PRIORITIES, STATUSES, TASK_TYPES, isPriority, isStatus, isTaskType } from "../domain/task.js";
import type { Priority, Status, TaskType } from "../domain/task.js";
import { MAX_TASK_ID, TASK_ID_RANGE, isTaskId, readTaskId } from "../domain/task-id.js";
import { titleProblem } from "../domain/title.js";
import { checkIsoDate } from "./iso-date.js";

export type Fail = (code: ProblemCode, message: string, severity?: "error" | "warning") => void;
export type Reader<T> = (name: string, node: ParsedNode, fail: Fail) => T | undefined;

/** How a value reads in a message: strings quoted, collections named. */
export function describe(node: ParsedNode): string {
  if (isSeq(node)) return "a list";
  if (isMap(node)) return "a map";
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return "empty";
    return typeof node.value === "string" ? JSON.stringify(node.value) : node.source;
  }
  return "an alias";
}

/**
 * The text of a scalar as the user wrote it: `title: 1.10` is the title "1.10", not 1.1.
 * Undefined for collections and for empty values.
 */
export function scalarText(node: ParsedNode): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === "string" ? node.value : node.source;
}

/** The number a scalar holds, or a string of digits such as "12" or "#12"; undefined for anything else. */
function toNumber(node: ParsedNode): number | undefined {
  const value: unknown = isScalar(node) ? node.value : undefined;
  const number = typeof value === "string" && /^\s*#?\d+\s*$/.test(value) ? Number(value.replace("#", "")) : value;
  return typeof number === "number" ? number : undefined;
}

export const readId: Reader<number> = (_name, node, fail) => {
  const id = toNumber(node);
  if (isTaskId(id)) return id;
  if (id !== undefined && Number.isInteger(id) && id > MAX_TASK_ID) {
    fail("bad-id", `id ${describe(node)} is out of range: task ids are ${TASK_ID_RANGE}; change it to an id no other task uses`);
    return undefined;
  }
  const digits = /(\d+)\s*$/.exec(scalarText(node) ?? "")?.[1];
  const hint = digits && isTaskId(Number(digits)) ? `write id: ${Number(digits)}` : "write a number such as id: 12";
  fail("bad-id", `id ${describe(node)} is not a positive integer; git-backlog ids are plain numbers, ${hint}`);
  return undefined;
};

export const readParent: Reader<number> = (name, node, fail) => {
  const id = toNumber(node);
  if (isTaskId(id)) return id;
  fail("bad-field", `${name} ${describe(node)} is not a task id (ids are ${TASK_ID_RANGE}); write the task's number, e.g. ${name}: 3`);
  return undefined;
};

export const readText: Reader<string> = (name, node, fail) => {
  const text = scalarText(node);
  if (text === undefined) fail("bad-field", `${name} must be a single line of text, not ${describe(node)}`);
  return text;
};

/** A title that is not one short line still loads (hand edits are first-class); doctor says why it should be. */
export const readTitle: Reader<string> = (name, node, fail) => {
  const title = readText(name, node, fail);
  if (title === undefined) return title;
  if (title.trim() === "") {
    fail("missing-title", `${name} is empty; write a one-line summary such as title: Fix the login form`);
    return undefined;
  }
  const problem = titleProblem(title);
  if (problem) fail("bad-field", problem, "warning");
  return title;
};

const STATUS_HINTS: Record<string, Status> = {
  todo: "pending", "to do": "pending", open: "pending", new: "pending", backlog: "pending",
  "in progress": "active", "in-progress": "active", wip: "active", started: "active", doing: "active",
  complete: "done", closed: "done", finished: "done", resolved: "done",
  removed: "deleted", cancelled: "deleted", canceled: "deleted",
};

/**
 * Taskwarrior's own status words read as ours, as the filter language reads them (docs/reference/file-format.md, "How values are read"):
 * `completed` is `done`; `waiting` is `pending` (waiting is computed from `wait`). Other tools'
 * words stay errors with a suggestion: they are guesses (`closed` may mean done or dropped).
 */
const TASKWARRIOR_STATUSES: Record<string, Status> = { completed: "done", waiting: "pending" };

export const readStatus: Reader<Status> = (name, node, fail) => {
  const status = scalarText(node)?.trim().toLowerCase();
  if (isStatus(status)) return status;
  const taskwarrior = status === undefined ? undefined : TASKWARRIOR_STATUSES[status];
  if (taskwarrior) return taskwarrior;
  const hint = status !== undefined && STATUS_HINTS[status] ? `; did you mean ${STATUS_HINTS[status]}?` : "";
  fail("bad-status", `${name} ${describe(node)} is not one of ${STATUSES.join(", ")}${hint}`);
  return undefined;
};

const PRIORITY_WORDS: Record<string, Priority> = { high: "H", medium: "M", low: "L" };

/** H, M or L in any case; `high`/`medium`/`low` (other tools' spelling) read as H/M/L. */
export const readPriority: Reader<Priority> = (name, node, fail) => {
  const text = scalarText(node)?.trim();
  const priority = text === undefined ? undefined : (PRIORITY_WORDS[text.toLowerCase()] ?? text.toUpperCase());
  if (isPriority(priority)) return priority;
  fail("bad-priority", `${name} ${describe(node)} is not one of ${PRIORITIES.join(", ")}`);
  return undefined;
};

export const readType: Reader<TaskType> = (name, node, fail) => {
  const type = scalarText(node)?.trim().toLowerCase();
  if (isTaskType(type)) return type;
  fail("bad-type", `${name} ${describe(node)} is not one of ${TASK_TYPES.join(", ")}`);
  return undefined;
};

/**
 * An ISO 8601 date or time. A time without a zone is read as UTC (docs/reference/file-format.md, "How values are read"), so a
 * task written by a script's `isoformat()` still loads; doctor warns and gives the explicit form.
 */
export const readDate: Reader<string> = (name, node, fail) => {
  const text = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
  const verdict = text === undefined ? "invalid" : checkIsoDate(text);
  if (verdict === "ok") return text;
  if (verdict === "no-zone") {
    fail("bad-date", `${name} ${describe(node)} has a time but no time zone, so it is read as UTC; write ${name}: ${text?.trim().replace(" ", "T")}Z to say so`, "warning");
    return text;
  }
  fail("bad-date", `${name} ${describe(node)} is not an ISO 8601 date; write ${name}: 2026-12-01 or ${name}: 2026-12-01T17:00:00Z`);
  return undefined;
};

/** The items of a list, or the words of a string split on commas and whitespace. */
function listItems(name: string, node: ParsedNode, fail: Fail): string[] | undefined {
  if (isSeq(node)) {
    const items: string[] = [];
    for (const item of node.items) {
      const text = scalarText(item);
      if (text === undefined) {
        fail("bad-field", `${name} must be a list of single values; one item is ${describe(item)}`);
        return undefined;
      }
      items.push(text.trim());
    }
    return items;
  }
  const text = scalarText(node);
  if (text === undefined) {
    fail("bad-field", `${name} must be a list such as [a, b], not ${describe(node)}`);
    return undefined;
  }
  return text.split(/[\s,]+/);
}

export const readTags: Reader<string[]> = (name, node, fail) => {
  const items = listItems(name, node, fail);
  if (!items) return undefined;
  const tags = items.map((tag) => tag.replace(/^\+/, "")).filter((tag) => tag !== "");
  return [...new Set(tags)];
};

/** A list of task ids (`depends`, `related`), each once, in the file's order. */
export const readIdList: Reader<number[]> = (name, node, fail) => {
  const items = listItems(name, node, fail);
  if (!items) return undefined;
  const ids: number[] = [];
  for (const item of items.filter((text) => text !== "")) {
    const id = readTaskId(item);
    if (id === undefined) {
      fail("bad-field", `${name} item ${JSON.stringify(item)} is not a task id (ids are ${TASK_ID_RANGE}); list task numbers, e.g. ${name}: [7, 9]`);
      return undefined;
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
};
