import type { Note, Status, Task } from "./task.js";
import { taskDifference } from "./task-diff.js";

/**
 * What happened to tasks between two points of history (`git-backlog diff`), from the task files
 * that differ (docs/reference/cli.md, "diff"). Pure: the caller reads and parses the files.
 */

/** One side's task file: the task, and its document (the body without the notes section). */
export interface SideTask {
  path: string;
  task: Task;
  doc: string;
}

export type TaskChangeKind = "added" | "deleted" | "changed" | "renamed" | "renumbered" | "archived" | "unarchived";

/** A field that differs: `before` or `after` is absent where the field is not set. */
export interface FieldDelta {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface TaskChange {
  kind: TaskChangeKind;
  /** The id after the change (before it, for a deleted task). */
  id: number;
  title: string;
  /** The status after the change (before it, for a deleted task). */
  status: Status;
  path: string;
  /** Set when the id changed (renumbered). */
  previousId?: number;
  /** Set when the file moved (renamed, renumbered, archived, unarchived). */
  previousPath?: string;
  /** The fields that differ, in the task model's order; for an added or deleted task, the fields it has. */
  fields: FieldDelta[];
  notes: { added: Note[]; removed: Note[] };
  /** Lines of the document (the body without the notes) added and removed. */
  body: { added: number; removed: number };
}

/** Fields every write moves, or that `created`/`id` already say: not listed as changes. */
const UNLISTED: ReadonlySet<string> = new Set(["modified"]);
/** Stamps a status change explains: listed only when the status itself did not change. */
const STATUS_STAMPS: ReadonlySet<string> = new Set(["started", "ended"]);

/**
 * Pairs the tasks of the two sides and says what changed for each: by path first (the same file
 * changed), then by id (a renamed file, or one moved to or from the archive), then by `created`
 * and title (an id given anew: `doctor --fix`, a renumbering by hand). What pairs with nothing was
 * added or deleted. Sorted by id.
 */
export function diffBacklogs(before: readonly SideTask[], after: readonly SideTask[]): TaskChange[] {
  const changes: TaskChange[] = [];
  const left = new Set(before);
  const right = new Set(after);
  const pair = (matches: (a: SideTask, b: SideTask) => boolean): void => {
    for (const a of left) {
      const b = [...right].find((candidate) => matches(a, candidate));
      if (!b) continue;
      left.delete(a);
      right.delete(b);
      changes.push(changeOf(a, b));
    }
  };
  pair((a, b) => a.path === b.path);
  pair((a, b) => a.task.id === b.task.id);
  pair((a, b) => a.task.created !== undefined && a.task.created === b.task.created && a.task.title === b.task.title);
  for (const a of left) changes.push({ ...whole(a, "deleted"), fields: setFields(a.task).map(({ field, value }) => ({ field, before: value })) });
  for (const b of right) changes.push({ ...whole(b, "added"), fields: setFields(b.task).map(({ field, value }) => ({ field, after: value })) });
  return changes.sort((a, b) => a.id - b.id || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function whole(side: SideTask, kind: "added" | "deleted"): Omit<TaskChange, "fields"> {
  const lines = lineCount(side.doc);
  return {
    kind,
    id: side.task.id,
    title: side.task.title,
    status: side.task.status,
    path: side.path,
    notes: kind === "added" ? { added: side.task.notes, removed: [] } : { added: [], removed: side.task.notes },
    body: kind === "added" ? { added: lines, removed: 0 } : { added: 0, removed: lines },
  };
}

function changeOf(a: SideTask, b: SideTask): TaskChange {
  const statusChanged = a.task.status !== b.task.status;
  const changed = taskDifference(a.task, b.task);
  const fields: FieldDelta[] = [];
  for (const field of Object.keys(changed)) {
    if (UNLISTED.has(field) || (statusChanged && STATUS_STAMPS.has(field))) continue;
    fields.push({ field, ...valueOf(a.task, field, "before"), ...valueOf(b.task, field, "after") });
  }
  const moved = a.path !== b.path;
  const archivedBefore = inArchive(a.path);
  const archivedAfter = inArchive(b.path);
  const kind: TaskChangeKind =
    a.task.id !== b.task.id ? "renumbered" : !moved ? "changed" : archivedAfter && !archivedBefore ? "archived" : archivedBefore && !archivedAfter ? "unarchived" : "renamed";
  const key = (note: Note): string => `${note.time}\0${note.author}\0${note.text}`;
  const had = new Set(a.task.notes.map(key));
  const has = new Set(b.task.notes.map(key));
  const lines = changedLines(a.doc, b.doc);
  return {
    kind,
    id: b.task.id,
    title: b.task.title,
    status: b.task.status,
    path: b.path,
    ...(a.task.id !== b.task.id && { previousId: a.task.id }),
    ...(moved && { previousPath: a.path }),
    fields,
    notes: { added: b.task.notes.filter((note) => !had.has(key(note))), removed: a.task.notes.filter((note) => !has.has(key(note))) },
    body: lines,
  };
}

/** A field's value on one side, or nothing where it is not set (empty lists count as not set). */
function valueOf(task: Task, field: string, side: "before" | "after"): Partial<Record<"before" | "after", unknown>> {
  const value = field in task && field !== "user" ? (task as unknown as Record<string, unknown>)[field] : task.user[field];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return {};
  return { [side]: value };
}

/** The fields a whole task has, for an added or deleted one: the ones a reviewer looks at first. */
function setFields(task: Task): { field: string; value: unknown }[] {
  const fields: { field: string; value: unknown }[] = [];
  for (const field of ["priority", "project", "tags", "depends", "parent", "assignee", "due"] as const) {
    const value = task[field];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields.push({ field, value });
  }
  return fields;
}

function inArchive(path: string): boolean {
  return /(^|\/)archive\/[^/]+\/[^/]+$/.test(path);
}

function lines(text: string): string[] {
  const trimmed = text.replace(/\s+$/, "");
  return trimmed === "" ? [] : trimmed.split(/\r?\n/);
}

function lineCount(text: string): number {
  return lines(text).length;
}

/**
 * Lines added and removed between two texts, as `git diff --numstat` counts them: the common
 * head and tail are set aside, then the longest common subsequence of what is left (Myers'
 * O((N+M)·D) walk, which stays fast for the small edits task documents see).
 */
export function changedLines(before: string, after: string): { added: number; removed: number } {
  const a = lines(before);
  const b = lines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const common = commonLength(x, y);
  return { added: y.length - common, removed: x.length - common };
}

/** The length of the longest common subsequence, from the shortest edit script's length D: (N + M − D) / 2. */
function commonLength(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[max + k - 1] ?? 0) < (v[max + k + 1] ?? 0)) ? (v[max + k + 1] ?? 0) : (v[max + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return (n + m - d) / 2;
    }
  }
  return 0;
}
