import type { LoadedFile } from "./loaded-file.js";
import type { Problem } from "../domain/problem.js";
import type { Task } from "../domain/task.js";

/**
 * The in-memory set of task files: every loaded file by path, every valid task by id.
 * Front ends never read the folder themselves; they ask the service, which asks this.
 * Derived data (graph, views) is recomputed from `version`, which changes on every update.
 *
 * Two files may hold one id after a merge with another clone (docs/reference/git.md, "Duplicate ids after a merge"): both are tasks here,
 * listed and counted, until `doctor --fix` renumbers one; `copies` says which ids are shared.
 */
export interface TaskIndex {
  readonly version: number;
  /** The task with this id; for a duplicated id the first file by path (`copies` gives them all). */
  get(id: number): Task | undefined;
  /** Every file holding this id, by path: two or more only for a duplicated id. */
  copies(id: number): readonly Task[];
  /** Ids held by more than one file, ascending. */
  duplicateIds(): readonly number[];
  /** Every task that parsed, duplicates included, by id then path. */
  tasks(): readonly Task[];
  files(): readonly LoadedFile[];
  file(path: string): LoadedFile | undefined;
  /** Problems found in single files (parse errors, bad values). */
  fileProblems(): Problem[];
  /** True when every task carries its body. */
  bodiesLoaded(): boolean;
  /** Replaces the whole content (a fresh load). */
  reset(files: readonly LoadedFile[]): void;
  /** Adds or replaces files, and removes paths. */
  update(files: readonly LoadedFile[], removed?: readonly string[]): void;
}

/** More files than this in one update are cheaper to sort again than to put in place one by one. */
const PATCH_LIMIT = 64;

/** The first position in `list` (sorted by `before`) whose item is not before `value`. */
function lowerBound<T, V>(list: readonly T[], value: V, before: (item: T, value: V) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(list[mid] as T, value)) low = mid + 1;
    else high = mid;
  }
  return low;
}

const pathBefore = (item: string, path: string): boolean => item < path;
/** The order of `tasks()`: by id, then by path. */
const taskBefore = (task: Task, key: { id: number; path: string }): boolean => task.id < key.id || (task.id === key.id && task.path < key.path);
const NO_TASKS: readonly Task[] = Object.freeze([]);

export function createTaskIndex(initial: readonly LoadedFile[] = []): TaskIndex {
  const byPath = new Map<string, LoadedFile>();
  let byId = new Map<number, Task>();
  /** Only the duplicated ids: every copy, by path. */
  let shared = new Map<number, Task[]>();
  let ordered: Task[] = [];
  let paths: string[] = [];
  let duplicates: readonly number[] = [];
  let version = 0;

  function rebuild(): void {
    paths = [...byPath.keys()].sort();
    byId = new Map();
    shared = new Map();
    ordered = [];
    for (const path of paths) {
      const task = byPath.get(path)?.task;
      if (!task) continue;
      ordered.push(task);
      const first = byId.get(task.id);
      if (!first) byId.set(task.id, task);
      else shared.set(task.id, [...(shared.get(task.id) ?? [first]), task]);
    }
    // Stable: tasks of one id keep their path order.
    ordered.sort((a, b) => a.id - b.id);
    duplicates = [...shared.keys()].sort((a, b) => a - b);
    version++;
  }

  const index: TaskIndex = {
    get version() {
      return version;
    },
    get: (id) => byId.get(id),
    copies(id) {
      const many = shared.get(id);
      if (many) return many;
      const one = byId.get(id);
      return one ? [one] : NO_TASKS;
    },
    duplicateIds: () => duplicates,
    tasks: () => ordered,
    files: () => [...byPath.values()],
    file: (path) => byPath.get(path),
    fileProblems: () => [...byPath.values()].flatMap((file) => file.problems),
    bodiesLoaded: () => [...byPath.values()].every((file) => !file.task || file.bodyLoaded),
    reset(files) {
      byPath.clear();
      for (const file of files) byPath.set(file.path, file);
      rebuild();
    },
    update(files, removed = []) {
      if (files.length + removed.length > PATCH_LIMIT) {
        for (const path of removed) byPath.delete(path);
        for (const file of files) byPath.set(file.path, file);
        rebuild();
      } else {
        patch(files, removed);
      }
    },
  };

  /**
   * A long-running process writes one task at a time: putting it in place in the sorted lists
   * costs a few binary searches, where a rebuild sorts 10,000 tasks again (3-10 ms per write).
   * The lists are copied, not changed, so a caller still holding the old ones sees them whole.
   */
  function patch(files: readonly LoadedFile[], removed: readonly string[]): void {
    const ids = new Set<number>();
    paths = paths.slice();
    ordered = ordered.slice();
    const drop = (path: string): void => {
      const old = byPath.get(path);
      if (!old) return;
      byPath.delete(path);
      paths.splice(lowerBound(paths, path, pathBefore), 1);
      if (!old.task) return;
      ids.add(old.task.id);
      ordered.splice(lowerBound(ordered, old.task, taskBefore), 1);
    };
    for (const path of removed) drop(path);
    for (const file of files) {
      drop(file.path);
      byPath.set(file.path, file);
      paths.splice(lowerBound(paths, file.path, pathBefore), 0, file.path);
      if (!file.task) continue;
      ids.add(file.task.id);
      ordered.splice(lowerBound(ordered, file.task, taskBefore), 0, file.task);
    }
    if (ids.size > 0) shared = new Map(shared);
    for (const id of ids) {
      const copies: Task[] = [];
      for (let at = lowerBound(ordered, { id, path: "" }, taskBefore); ordered[at]?.id === id; at++) copies.push(ordered[at]!);
      const [first] = copies;
      if (first) byId.set(id, first);
      else byId.delete(id);
      if (copies.length > 1) shared.set(id, copies);
      else shared.delete(id);
    }
    if (ids.size > 0) duplicates = [...shared.keys()].sort((a, b) => a - b);
    version++;
  }
  index.reset(initial);
  return index;
}
