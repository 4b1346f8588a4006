import type { LoadedFile } from "./loaded-file.js";
import type { Problem } from "../domain/problem.js";
import type { Task } from "../domain/task.js";

/**
 * The in-memory set of task files: every loaded file by path, the valid tasks by id.
 * Front ends never read the folder themselves; they ask the service, which asks this.
 * Derived data (graph, views) is recomputed from `version`, which changes on every update.
 */
export interface TaskIndex {
  readonly version: number;
  /** Tasks that parsed cleanly, by id; with duplicate ids the first file by path wins (the rest are reported). */
  get(id: number): Task | undefined;
  tasks(): readonly Task[];
  /** Every valid task, duplicates included, for the rules that look across files. */
  allTasks(): readonly Task[];
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

/** The first position in `list` (sorted by `key`) whose key is not below `value`. */
function lowerBound<T, K extends string | number>(list: readonly T[], value: K, key: (item: T) => K): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(list[mid] as T) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function createTaskIndex(initial: readonly LoadedFile[] = []): TaskIndex {
  const byPath = new Map<string, LoadedFile>();
  let byId = new Map<number, Task>();
  let ordered: Task[] = [];
  let all: Task[] = [];
  let paths: string[] = [];
  let version = 0;

  function rebuild(): void {
    paths = [...byPath.keys()].sort();
    byId = new Map();
    all = [];
    for (const path of paths) {
      const task = byPath.get(path)?.task;
      if (!task) continue;
      all.push(task);
      if (!byId.has(task.id)) byId.set(task.id, task);
    }
    ordered = [...byId.values()].sort((a, b) => a.id - b.id);
    version++;
  }

  const index: TaskIndex = {
    get version() {
      return version;
    },
    get: (id) => byId.get(id),
    tasks: () => ordered,
    allTasks: () => all,
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
    all = all.slice();
    const drop = (path: string): void => {
      const old = byPath.get(path);
      if (!old) return;
      byPath.delete(path);
      paths.splice(lowerBound(paths, path, (item) => item), 1);
      if (!old.task) return;
      ids.add(old.task.id);
      all.splice(lowerBound(all, path, (task) => task.path), 1);
    };
    for (const path of removed) drop(path);
    for (const file of files) {
      drop(file.path);
      byPath.set(file.path, file);
      paths.splice(lowerBound(paths, file.path, (item) => item), 0, file.path);
      if (!file.task) continue;
      ids.add(file.task.id);
      all.splice(lowerBound(all, file.path, (task) => task.path), 0, file.task);
    }
    ordered = ordered.slice();
    for (const id of ids) {
      // With duplicate ids the first file by path wins, as in a rebuild.
      const winner = all.find((task) => task.id === id);
      const at = lowerBound(ordered, id, (task) => task.id);
      if (ordered[at]?.id === id) ordered.splice(at, 1);
      if (winner) {
        ordered.splice(at, 0, winner);
        byId.set(id, winner);
      } else {
        byId.delete(id);
      }
    }
    version++;
  }
  index.reset(initial);
  return index;
}
