/**
 * Semantic checks as tables of small rule functions that collect problems instead of throwing.
 * `checkBacklog` is what `doctor` and the index report; `checkWrite` is what a write must pass.
 * Neither decides what to do about a problem: the index keeps every task that parsed (a cycle
 * must stay reachable so `modify` can break it), the service refuses a write with an error.
 */
import type { Problem } from "../problem.js";
import type { TaskSet } from "../cycles.js";
import type { Task } from "../task.js";
import { BACKLOG_RULES, type BacklogContext } from "./backlog-rules.js";
import { WRITE_RULES, type WriteContext } from "./write-rules.js";

export { BACKLOG_RULES, type BacklogContext, type BacklogRule } from "./backlog-rules.js";
export { WRITE_RULES, type WriteContext, type WriteRule } from "./write-rules.js";

export interface CheckBacklogOptions {
  /** The task folder, relative to the repository root (`dir` in config). */
  dir: string;
  /** Ids of archived tasks: a dependency or parent on one of them is not missing. */
  archivedIds?: ReadonlySet<number>;
}

export interface CheckWriteOptions {
  /**
   * The task as it was before this write (undefined or absent for a new task). Problems the task
   * already had are warnings, not errors; without it every problem counts as new.
   */
  before?: Task | undefined;
  /** `--force`: a done parent with open children becomes a warning instead of an error. */
  force?: boolean;
  /** Ids of archived tasks: a dependency or parent on one of them is not missing. */
  archivedIds?: ReadonlySet<number>;
}

export function checkBacklog(tasks: readonly Task[], options: CheckBacklogOptions): Problem[] {
  const byId = new Map<number, Task>();
  for (const task of tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  const context: BacklogContext = { tasks, byId, archivedIds: options.archivedIds ?? new Set(), dir: options.dir };
  return BACKLOG_RULES.flatMap((rule) => rule(context));
}

/**
 * Problems the write of `after` would cause; errors mean the write must be refused.
 * `all` is the backlog as it will be after the write (for a batch, with every task of the batch
 * applied); whatever `all` holds under `after.id`, `after` is used in its place.
 */
export function checkWrite(after: Task, all: TaskSet, options: CheckWriteOptions = {}): Problem[] {
  const context: WriteContext = {
    after,
    before: options.before,
    // An overlay instead of a copy: a batch `modify` over thousands of tasks calls this per task.
    lookup: { get: (id) => (id === after.id ? after : all.get(id)) },
    all,
    archivedIds: options.archivedIds ?? new Set(),
    force: options.force ?? false,
  };
  return WRITE_RULES.flatMap((rule) => rule(context));
}

/** True when the problems include an error, i.e. the write must be refused. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}
