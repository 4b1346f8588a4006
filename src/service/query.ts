import { candidatesOf, compileFilter, isEmptyFilter, parseFilter, filterReadsText, withDefaultScope, type FilterNode } from "../domain/filter/index.js";
import { sortTasks } from "../domain/sort.js";
import { BacklogError } from "../domain/errors.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";
import { fieldIndexOf, graphOf, textIndexOf } from "./derived.js";
import { refuseDuplicateIds } from "./task-lookup.js";

export interface QueryOptions {
  /** Taskwarrior-style sort spec, e.g. `urgency-,due+`; default `urgency-,id+`. */
  sort?: string;
  limit?: number;
}

export type FilterInput = string | readonly string[];

export interface SelectOptions {
  /** A write refuses an empty filter, and any task whose id another file holds too. */
  purpose?: "read" | "write";
  /** `open` (default): the scope of docs/reference/filters.md, "Which tasks a filter starts from"; `all`: the filter alone, over every status (`export`, `archive`, views). */
  statuses?: "open" | "all";
}

/**
 * The tasks a filter selects, in the index's order (id, then path). A filter that names no status
 * and no id covers open tasks, and an empty one on a read open tasks that are not WAITING (docs/reference/filters.md,
 * "Which tasks a filter starts from"); a write refuses an empty filter, so no command ever changes every task by accident.
 */
export async function selectTasks(backlog: Backlog, filter: FilterInput, options: SelectOptions = {}): Promise<Task[]> {
  const { purpose = "read", statuses = "open" } = options;
  const parsed = parseQuery(backlog, filter);
  if (purpose === "write" && isEmptyFilter(parsed)) {
    throw new BacklogError("usage", "an empty filter would change every task; give ids (12 or 12,15) or a filter (project:web +bug).");
  }
  const node = statuses === "open" ? withDefaultScope(parsed) : parsed;
  const readsText = filterReadsText(node);
  if (readsText) await backlog.ensureBodies();
  const text = readsText ? textIndexOf(backlog) : undefined;
  const match = compileFilter(node, backlog.now(), text ? { text } : {});
  const { facts } = graphOf(backlog);
  const fields = fieldIndexOf(backlog);
  const pool = (fields && candidatesOf(node, fields)) ?? backlog.index.tasks();
  const selected = pool.filter((task) => {
    const taskFacts = facts.get(task);
    return taskFacts !== undefined && match(task, taskFacts);
  });
  if (purpose === "write") refuseDuplicateIds(backlog, selected);
  return selected;
}

/** Like Taskwarrior's `next` report: the most urgent first, ties by id. */
export const DEFAULT_SORT = "urgency-,id+";

export async function listTasks(backlog: Backlog, filter: FilterInput, options: QueryOptions = {}): Promise<Task[]> {
  const selected = await selectTasks(backlog, filter);
  const sorted = sortTasks(selected, options.sort ?? DEFAULT_SORT, graphOf(backlog).facts, (name) => hasUserField(backlog, name));
  return options.limit !== undefined ? sorted.slice(0, options.limit) : sorted;
}

/** A filter as this backlog reads it: a name its tasks carry as a user field is one, whatever it is close to. */
export function parseQuery(backlog: Backlog, filter: FilterInput): FilterNode {
  return parseFilter(filter, { isUserField: (name) => hasUserField(backlog, name) });
}

/** True when some task carries the user field: a sort key no task has is a typo, not an order. */
export function hasUserField(backlog: Backlog, name: string): boolean {
  return backlog.index.tasks().some((task) => Object.hasOwn(task.user, name));
}

export async function countTasks(backlog: Backlog, filter: FilterInput): Promise<number> {
  return (await selectTasks(backlog, filter)).length;
}

/** The most urgent READY task among those the filter selects (READY is pending: the scope is no matter). */
export async function nextTask(backlog: Backlog, filter: FilterInput = []): Promise<Task | undefined> {
  const node = parseQuery(backlog, filter);
  const selected = isEmptyFilter(node) ? backlog.index.tasks() : await selectTasks(backlog, filter);
  const { facts } = graphOf(backlog);
  const ready = selected.filter((task) => facts.get(task)?.ready);
  const [next] = sortTasks(ready, DEFAULT_SORT, facts);
  if (!next) return undefined;
  // Imported here: the file reader pulls in the YAML parser, which `list` and `count` never need.
  const { withBody } = await import("./task-file.js");
  return withBody(backlog, next);
}

/**
 * One line for a reader of a list when ids are shared by several files (a merge from another
 * clone): every copy is listed, marked, and writes naming them are refused until the fix runs.
 * `marked` and `fix` are the front end's words for the mark and for `doctor --fix`.
 */
export function duplicateNotice(backlog: Backlog, marked: string, fix: string): string | undefined {
  const ids = backlog.index.duplicateIds();
  if (ids.length === 0) return undefined;
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) {
    const paths = backlog.index.copies(only).map((task) => task.path);
    return `id ${only} is used by ${paths.length} files (${paths.join(", ")}): each is listed, ${marked}, and a command naming ${only} is refused until ${fix} gives the newer one a new id.`;
  }
  return `ids ${ids.join(", ")} are each used by more than one file: every copy is listed, ${marked}, and a command naming one of them is refused until ${fix} gives the newer copies new ids.`;
}

/** Task files that could not be read, so every query leaves them out (`doctor` says why). */
export function unreadableFiles(backlog: Backlog): string[] {
  const paths: string[] = [];
  for (const file of backlog.index.files()) if (!file.task) paths.push(file.path);
  return paths;
}

/** One line for a reader of a list: which files are left out and where to look; undefined when none. */
export function unreadableNotice(backlog: Backlog, doctor: string): string | undefined {
  const paths = unreadableFiles(backlog);
  if (paths.length === 0) return undefined;
  const named = paths.length <= 3 ? paths.join(", ") : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;
  return `${paths.length} task file${paths.length === 1 ? "" : "s"} could not be read and ${paths.length === 1 ? "is" : "are"} left out (${named}); ${doctor} says why.`;
}
