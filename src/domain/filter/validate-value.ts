/**
 * Checks an attribute's value when the filter is parsed, so a typo (`status:pendng`,
 * `due:fridya`) is an error that says how to fix it, not a filter that silently matches nothing.
 */

import { minuteOrMonthHint, resolveDate } from "../dates.js";
import { TASK_TYPES, isPriority, isTaskType } from "../task.js";
import type { Modifier } from "./ast.js";
import type { ResolvedAttribute } from "./attributes.js";
import { parseIdRanges } from "./id-ranges.js";
import { notATaskId, readTaskId } from "../task-id.js";

/** Status values a filter accepts: the stored ones plus Taskwarrior's `completed` and `waiting`. */
export const FILTER_STATUSES = ["pending", "active", "done", "deleted", "completed", "waiting"] as const;

const ID_LIST = /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/;
const NUMBER_LIST = /^\d+(?:,\d+)*$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const DATE_HELP =
  "use ISO (2026-12-01, 2026-12-01T10:00Z), now, today, yesterday, tomorrow, a weekday (friday), " +
  "sow eow som eom soy eoy, or an offset (now-2h, +3d, today+1w)";
/** Whether a date parses does not depend on the clock, so any fixed instant will do here. */
const ANY_INSTANT = new Date(0);

const VALUE_TAKING: ReadonlySet<Modifier> = new Set(["has", "hasnt", "startswith", "endswith", "before", "after", "by"]);
const ORDER: ReadonlySet<Modifier> = new Set(["before", "after", "by"]);

/**
 * Returns the canonical value, or calls `fail` (which throws) with what is wrong and how to fix it.
 * `written` is the term's `attribute.modifier` as the user typed it (`desc.contains`): messages
 * quote that, never the canonical form it is read as (`title.has`), which the user never wrote.
 */
export function normalizeValue(
  attribute: ResolvedAttribute,
  modifier: Modifier,
  value: string,
  written: string,
  fail: (message: string) => never,
): string {
  const { name, kind } = attribute;
  if (modifier === "none" || modifier === "any") return "";
  if (value === "" && VALUE_TAKING.has(modifier)) {
    // `title.contains:(a+)` reaches here too: the parentheses were read as grouping.
    const quoting = kind === "date" || kind === "id" || kind === "number" ? "" : `; a value holding parentheses or spaces goes in quotes, as in ${written}:"(a b)"`;
    fail(`${written}: needs a value, as in ${written}:${example(kind)}${quoting}`);
  }
  const stringTest = modifier === "has" || modifier === "hasnt" || modifier === "startswith" || modifier === "endswith";
  if (stringTest && kind !== "idlist") return value;
  switch (kind) {
    case "id":
      if (ORDER.has(modifier)) {
        if (!/^\d+$/.test(value)) fail(`${written}: takes one id, as in ${written}:12`);
        if (readTaskId(value) === undefined) fail(notATaskId(value));
      } else if (value !== "") {
        if (!ID_LIST.test(value)) fail(`"${value}" is not an id list: write 12, 12,15 or 3-5`);
        parseIdRanges(value, fail);
      }
      return value;
    case "number":
      if (value !== "" && !NUMBER.test(value)) fail(`"${value}" is not a number: write ${name}.above:5 or ${name}.below:2.5`);
      return value;
    case "idlist":
      if (value !== "" && !NUMBER_LIST.test(value)) fail(`"${value}" is not a list of ids: write ${name}:7 or ${name}:7,9`);
      for (const item of value === "" ? [] : value.split(",")) if (readTaskId(item) === undefined) fail(notATaskId(item));
      return value;
    case "date":
      if (value !== "" && !resolveDate(value, ANY_INSTANT)) {
        const hint = minuteOrMonthHint(value);
        fail(hint ? `"${value}": ${hint}` : `"${value}" is not a date: ${DATE_HELP}`);
      }
      return value;
    case "status": {
      const lower = value.toLowerCase();
      if (!(FILTER_STATUSES as readonly string[]).includes(lower)) {
        fail(`"${value}" is not a status: use ${FILTER_STATUSES.join(", ")}`);
      }
      return lower === "completed" ? "done" : lower;
    }
    case "priority": {
      const upper = value.toUpperCase();
      if (value !== "" && !isPriority(upper)) fail(`"${value}" is not a priority: use H, M or L`);
      return upper;
    }
    case "type": {
      const lower = value.toLowerCase();
      if (value !== "" && !isTaskType(lower)) fail(`"${value}" is not a task type: use ${TASK_TYPES.join(", ")}`);
      return lower;
    }
    case "taglist":
    case "project":
    case "text":
    case "string":
    case "user":
      if (value === "" && ORDER.has(modifier)) fail(`${written}: needs a value`);
      return value;
  }
}

function example(kind: ResolvedAttribute["kind"]): string {
  if (kind === "date") return "friday";
  if (kind === "id" || kind === "idlist" || kind === "number") return "7";
  return kind === "priority" ? "M" : "word";
}
