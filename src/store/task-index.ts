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

export function createTaskIndex(initial: readonly LoadedFile[] = []): TaskIndex {
  const byPath = new Map<string, LoadedFile>();
  let byId = new Map<number, Task>();
  let ordered: Task[] = [];
  let all: Task[] = [];
  let version = 0;

  function rebuild(): void {
    const paths = [...byPath.keys()].sort();
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
      for (const path of removed) byPath.delete(path);
      for (const file of files) byPath.set(file.path, file);
      rebuild();
    },
  };
  index.reset(initial);
  return index;
}
