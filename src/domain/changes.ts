import { formatResolvedDate, resolveDate } from "./dates.js";
import { BacklogError } from "./errors.js";
import { parseRecur } from "./recurrence.js";
import { DATE_FIELDS, isKnownField, isPriority, isStatus, isTaskType, type FieldChanges, type KnownField, type Task, type UserValue } from "./task.js";

/**
 * A change to one or many tasks, as both front ends express it: fields to set or clear,
 * tags and dependencies to add or remove (Taskwarrior's `+tag -tag depends:7 depends:-7`).
 */
export interface TaskChanges {
  set: FieldChanges;
  addTags: string[];
  removeTags: string[];
  addDepends: number[];
  removeDepends: number[];
  /** Clears the dependency list before `addDepends` (`depends:` with no value). */
  clearDepends?: boolean;
}

export function emptyChanges(): TaskChanges {
  return { set: {}, addTags: [], removeTags: [], addDepends: [], removeDepends: [] };
}

export function hasChanges(changes: TaskChanges): boolean {
  return (
    Object.keys(changes.set).length > 0 ||
    changes.addTags.length + changes.removeTags.length + changes.addDepends.length + changes.removeDepends.length > 0 ||
    changes.clearDepends === true
  );
}

/** Taskwarrior's names for our fields. */
export const FIELD_ALIASES: Readonly<Record<string, KnownField>> = {
  description: "title",
  entry: "created",
  start: "started",
  end: "ended",
  agent: "assignee",
};

const READ_ONLY: ReadonlySet<string> = new Set(["id"]);
const USER_FIELD = /^[a-z][a-z0-9_]*$/;

/**
 * Parses Taskwarrior-style change words: `priority:H +tag -tag depends:7,9 due:friday project:web`.
 * Words that are not changes are returned in order (they form a title). A word holding a space
 * came quoted from the shell and is always text.
 */
export function parseChangeArgs(args: readonly string[], now: Date): { words: string[]; changes: TaskChanges } {
  const changes = emptyChanges();
  const words: string[] = [];
  for (const arg of args) {
    if (/\s/.test(arg)) {
      words.push(arg);
      continue;
    }
    const tag = /^([+-])([^\s+:-][^\s:]*)$/.exec(arg);
    if (tag?.[1] && tag[2]) {
      (tag[1] === "+" ? changes.addTags : changes.removeTags).push(tag[2]);
      continue;
    }
    const pair = /^([A-Za-z][\w.-]*):(.*)$/.exec(arg);
    const name = pair?.[1] ? (FIELD_ALIASES[pair[1].toLowerCase()] ?? pair[1]) : undefined;
    if (pair && name !== undefined && (isKnownField(name.toLowerCase()) || (USER_FIELD.test(name) && pair[2] !== "" && !pair[2]?.startsWith("//")))) {
      applyPair(changes, isKnownField(name.toLowerCase()) ? name.toLowerCase() : name, pair[2] ?? "", arg, now);
      continue;
    }
    words.push(arg);
  }
  return { words, changes };
}

function applyPair(changes: TaskChanges, name: string, value: string, token: string, now: Date): void {
  if (READ_ONLY.has(name)) throw new BacklogError("usage", `"${token}": the id of a task cannot be changed`, { token }, [{ use: "doctor-fix", does: "renumbers duplicates" }]);
  if (name === "tags") {
    changes.set.tags = value === "" ? null : splitList(value);
    return;
  }
  if (name === "depends") {
    if (value === "") {
      changes.clearDepends = true;
      return;
    }
    for (const item of splitList(value)) {
      const remove = item.startsWith("-");
      const id = parseId(remove ? item.slice(1) : item.replace(/^\+/, ""), token);
      (remove ? changes.removeDepends : changes.addDepends).push(id);
    }
    return;
  }
  if (value === "") {
    if (name === "title") throw new BacklogError("usage", `"${token}": a task needs a title.`, { token });
    changes.set[name] = null;
    return;
  }
  changes.set[name] = normaliseValue(name, value, token, now);
}

/** Turns a typed value into the model's form, or a usage error naming the token. */
export function normaliseValue(name: string, value: string, token: string, now: Date): string | number | UserValue {
  if (name === "parent") return parseId(value.replace(/^#/, ""), token);
  if (name === "priority") {
    const upper = value.toUpperCase();
    if (!isPriority(upper)) throw new BacklogError("usage", `"${token}": priority is H, M or L.`, { token });
    return upper;
  }
  if (name === "status") {
    const lower = value.toLowerCase() === "completed" ? "done" : value.toLowerCase();
    if (!isStatus(lower)) throw new BacklogError("usage", `"${token}": status is pending, active, done or deleted.`, { token });
    return lower;
  }
  if (name === "type") {
    if (!isTaskType(value.toLowerCase())) throw new BacklogError("usage", `"${token}": type is task, bug, feature, chore, spec or story.`, { token });
    return value.toLowerCase();
  }
  if ((DATE_FIELDS as readonly string[]).includes(name)) return storedDate(value, token, now);
  if (name === "recur") {
    try {
      parseRecur(value);
    } catch (error) {
      throw new BacklogError("usage", `"${token}": ${(error as Error).message}`, { token });
    }
  }
  return value;
}

/** A date expression as the file stores it: `YYYY-MM-DD` for whole days, ISO UTC to the second otherwise. */
export function storedDate(value: string, token: string, now: Date): string {
  const resolved = resolveDate(value, now);
  if (!resolved) {
    throw new BacklogError("usage", `"${token}": "${value}" is not a date; use ISO (2026-12-01, 2026-12-01T10:00:00Z), today, tomorrow, friday, eow, now+2h, +3d.`, { token });
  }
  return formatResolvedDate(resolved);
}

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function parseId(text: string, token: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new BacklogError("usage", `"${token}": "${text}" is not a task id (a positive whole number).`, { token });
  return Number(text);
}

/** The field values a task gets from a change: tag and dependency edits folded into whole lists. */
export function resolveChanges(task: Pick<Task, "tags" | "depends">, changes: TaskChanges): FieldChanges {
  const fields: FieldChanges = { ...changes.set };
  if (changes.addTags.length > 0 || changes.removeTags.length > 0) {
    const base = Array.isArray(fields.tags) ? (fields.tags as string[]) : fields.tags === null ? [] : task.tags;
    const tags = [...base.filter((tag) => !changes.removeTags.includes(tag))];
    for (const tag of changes.addTags) if (!tags.includes(tag)) tags.push(tag);
    fields.tags = tags.length > 0 ? tags : null;
  }
  if (changes.clearDepends || changes.addDepends.length > 0 || changes.removeDepends.length > 0) {
    const depends = (changes.clearDepends ? [] : task.depends).filter((id) => !changes.removeDepends.includes(id));
    for (const id of changes.addDepends) if (!depends.includes(id)) depends.push(id);
    fields.depends = depends.length > 0 ? depends : null;
  }
  return fields;
}
