/** The task model: the one place that names the fields of a task file (docs/reference/file-format.md, "Frontmatter fields"). */

export const STATUSES = ["pending", "active", "done", "deleted"] as const;
export type Status = (typeof STATUSES)[number];

export const PRIORITIES = ["H", "M", "L"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TASK_TYPES = ["task", "bug", "feature", "chore", "spec", "story"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Fields holding a date (ISO 8601; UTC when they carry a time). */
export const DATE_FIELDS = ["due", "scheduled", "wait", "until", "created", "modified", "started", "ended"] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/**
 * Fields holding a list of task ids: `depends` orders the work (a dependency blocks), `related`
 * only links (it never blocks and is never part of a cycle).
 */
export const ID_LIST_FIELDS = ["depends", "related"] as const;
export type IdListField = (typeof ID_LIST_FIELDS)[number];

/** Known fields in the order a new file lists them. Anything else in the frontmatter is a user field. */
export const KNOWN_FIELDS = [
  "id",
  "title",
  "status",
  "priority",
  "type",
  "project",
  "tags",
  "depends",
  "related",
  "parent",
  "assignee",
  "due",
  "scheduled",
  "wait",
  "until",
  "recur",
  "branch",
  "worktree",
  "created",
  "modified",
  "started",
  "ended",
] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

export interface Note {
  /** ISO time the note was written. */
  time: string;
  author: string;
  text: string;
}

/** A user field's value as YAML gave it (strings, numbers, booleans, null, lists, maps). */
export type UserValue = string | number | boolean | null | UserValue[] | { [key: string]: UserValue };

export interface Task {
  id: number;
  title: string;
  status: Status;
  priority?: Priority;
  type?: TaskType;
  project?: string;
  tags: string[];
  depends: number[];
  related: number[];
  parent?: number;
  assignee?: string;
  due?: string;
  scheduled?: string;
  wait?: string;
  until?: string;
  recur?: string;
  branch?: string;
  worktree?: string;
  created?: string;
  modified?: string;
  started?: string;
  ended?: string;
  /** Frontmatter fields git-backlog does not define, in file order. */
  user: Record<string, UserValue>;
  /** The markdown after the frontmatter, notes section included, as written. */
  body: string;
  /** Parsed from the `## Notes` section of the body. */
  notes: Note[];
  /** Path relative to the repository root, with forward slashes. */
  path: string;
}

/**
 * A change to one task's frontmatter: a value sets the field, `null` removes it.
 * Values are the model's types (dates as ISO strings, ids as numbers).
 */
export type FieldChanges = Partial<Record<KnownField, string | number | string[] | number[] | null>> & {
  [userField: string]: UserValue | undefined;
};

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (STATUSES as readonly string[]).includes(value);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === "string" && (PRIORITIES as readonly string[]).includes(value);
}

export function isTaskType(value: unknown): value is TaskType {
  return typeof value === "string" && (TASK_TYPES as readonly string[]).includes(value);
}

export function isKnownField(name: string): name is KnownField {
  return (KNOWN_FIELDS as readonly string[]).includes(name);
}

/**
 * Sets a known field by name (`undefined` removes it): the one place the model is written by a
 * field name only known at run time. The caller has checked the value's type for the field.
 */
export function setKnownField(task: Partial<Record<KnownField, unknown>>, field: KnownField, value: unknown): void {
  if (value === undefined) delete task[field];
  else task[field] = value;
}

/** A field's value by name: a known field's, else the user field's. */
export function fieldValue(task: Pick<Task, KnownField | "user">, name: string): unknown {
  return isKnownField(name) ? task[name] : task.user[name];
}

export function isIdListField(name: string): name is IdListField {
  return (ID_LIST_FIELDS as readonly string[]).includes(name);
}

export function isOpen(task: Pick<Task, "status">): boolean {
  return task.status === "pending" || task.status === "active";
}

/**
 * A child that is an occurrence of a recurring task points `parent` at the first occurrence
 * (docs/reference/changes.md, "Recurrence"), which is done by then: that link is a series, not a story with open work.
 */
export function isRecurrenceLink(child: Pick<Task, "recur">, parent: Pick<Task, "recur">): boolean {
  return Boolean(child.recur) && Boolean(parent.recur);
}
