/**
 * Taskwarrior-style sort specs: `urgency-,due+,id+` (`+` ascending, `-` descending, no sign
 * ascending, a trailing `/` of Taskwarrior's break marker is accepted and ignored).
 *
 * A key is a task field (or its Taskwarrior name), a computed key (`urgency`, `ready`, ...),
 * `notes`, or a user field some task carries (they cannot be declared up front); anything else is
 * an error listing the keys, since a typo would otherwise sort nothing. Values compare by kind: dates as instants, priority
 * H > M > L, status in lifecycle order (pending, active, done, deleted), booleans false < true,
 * numbers numerically, text case-insensitively with digit runs as numbers (`task 9` < `task 10`),
 * lists by their joined text. A missing value sorts last in either direction. Ties fall back
 * to id ascending, so the order is always the same.
 */
import { BacklogError } from "./errors.js";
import { TASKWARRIOR_NAMES } from "./field-names.js";
import { closestWord } from "./suggest.js";
import type { FactsLookup } from "./facts.js";
import { parseIsoTime } from "./iso-time.js";
import { DATE_FIELDS, isKnownField, KNOWN_FIELDS, STATUSES, type Task, type UserValue } from "./task.js";

export interface SortKey {
  field: string;
  direction: "asc" | "desc";
}

/** Keys computed by the index rather than read from the file. */
const COMPUTED_KEYS = ["urgency", "blocked", "blocking", "ready", "waiting", "overdue"] as const;
type ComputedKey = (typeof COMPUTED_KEYS)[number];

/** The keys every backlog can sort by; user fields come on top. */
export const SORT_KEYS: readonly string[] = [...KNOWN_FIELDS, ...COMPUTED_KEYS, "notes", "annotations", ...Object.keys(TASKWARRIOR_NAMES)];

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*?)([+-]?)\/?$/;
const PRIORITY_RANK: Readonly<Record<string, number>> = { L: 1, M: 2, H: 3 };
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

type SortValue = number | string | undefined;

/**
 * The keys of a sort spec. With `isUserField`, each key must also be a sort key (`SORT_KEYS`) or a
 * user field it accepts; without it only the syntax is checked (a view's spec in config, before any task is known).
 */
export function parseSortSpec(spec: string, isUserField?: (name: string) => boolean): SortKey[] {
  const trimmed = spec.trim();
  if (trimmed === "") return [];
  return trimmed.split(/\s*,\s*|\s+/).map((raw) => {
    const match = KEY.exec(raw);
    if (!match) {
      throw new BacklogError(
        "usage",
        `Bad sort key "${raw}" in "${spec}": use field names with + (ascending) or - (descending), separated by commas, e.g. urgency-,due+,id+.`,
        { key: raw, spec },
      );
    }
    const name = match[1]!;
    if (isUserField && !SORT_KEYS.includes(name) && !isUserField(name)) {
      const guess = closestWord(name, SORT_KEYS, (key) => TASKWARRIOR_NAMES[key] ?? key);
      const meant = guess ? `; did you mean ${guess}?` : ".";
      throw new BacklogError("usage", `Unknown sort key "${name}" in "${spec}"${meant} Sort keys: ${SORT_KEYS.join(", ")}, or a user field your tasks carry; add - for descending (urgency-,due+).`, {
        key: name,
        spec,
      });
    }
    const field = TASKWARRIOR_NAMES[name] ?? name;
    return { field, direction: match[2] === "-" ? "desc" : "asc" };
  });
}

/**
 * A sorted copy of `tasks`; `facts` supplies urgency and the other computed keys. With
 * `isUserField`, an unknown key is an error (see `parseSortSpec`).
 */
export function sortTasks(tasks: readonly Task[], spec: string, facts: FactsLookup, isUserField?: (name: string) => boolean): Task[] {
  const keys = parseSortSpec(spec, isUserField);
  // Decorate once: reading and parsing each value inside the comparator would cost n log n times.
  const rows = tasks.map((task) => ({ task, values: keys.map((key) => sortValue(task, key.field, facts)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(a.values[i], b.values[i], keys[i]!.direction);
      if (order !== 0) return order;
    }
    return a.task.id - b.task.id;
  });
  return rows.map((row) => row.task);
}

function compareValues(a: SortValue, b: SortValue, direction: SortKey["direction"]): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? 1 : -1; // missing last, whatever the direction
  }
  let order: number;
  if (typeof a === "number" && typeof b === "number") order = a - b;
  else if (typeof a === "string" && typeof b === "string") order = collator.compare(a, b);
  else order = typeof a === "number" ? -1 : 1; // numbers before text
  return direction === "desc" ? -order : order;
}

function sortValue(task: Task, field: string, facts: FactsLookup): SortValue {
  if (isComputedKey(field)) {
    const own = facts.get(task);
    if (own === undefined) return undefined;
    const value = own[field];
    return typeof value === "number" ? value : Number(value);
  }
  if ((DATE_FIELDS as readonly string[]).includes(field)) {
    return parseIsoTime(task[field as (typeof DATE_FIELDS)[number]]);
  }
  switch (field) {
    case "priority":
      return task.priority === undefined ? undefined : PRIORITY_RANK[task.priority];
    case "status":
      return STATUSES.indexOf(task.status);
    case "notes":
    case "annotations":
      return task.notes.length;
  }
  const raw: unknown = isKnownField(field) ? task[field] : task.user[field];
  return toSortValue(raw as UserValue | undefined);
}

function toSortValue(value: UserValue | undefined): SortValue {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => (typeof item === "object" && item !== null ? JSON.stringify(item) : String(item))).join(",");
  return JSON.stringify(value);
}

function isComputedKey(field: string): field is ComputedKey {
  return (COMPUTED_KEYS as readonly string[]).includes(field);
}
