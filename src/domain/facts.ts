import type { Task } from "./task.js";

/** What the index computes about a task from the whole backlog; never stored in the file (docs/reference/filters.md, "Virtual tags"). */
export interface TaskFacts {
  /** A dependency is neither done nor deleted. */
  blocked: boolean;
  /** An open task depends on this one. */
  blocking: boolean;
  /** Pending, not blocked, no open children, `scheduled` and `wait` not in the future. */
  ready: boolean;
  /** `wait` is in the future. */
  waiting: boolean;
  /** `due` is before now and the task is open. */
  overdue: boolean;
  /** `due` falls on today (UTC). */
  today: boolean;
  urgency: number;
  /** Ids of open tasks this one waits for. */
  blockedBy: number[];
  /** Ids of open tasks that wait for this one. */
  blocks: number[];
  /** Ids of tasks whose `parent` is this one. */
  children: number[];
  /**
   * Children still open (pending or active). While there is one the task is a container of
   * work (a story): never READY (docs/reference/filters.md, "Virtual tags"). Occurrences of a recurring task count in neither.
   */
  openChildren: number;
  /** Children that are done: the progress is `doneChildren` of `doneChildren + openChildren` (deleted ones count in neither). */
  doneChildren: number;
  /** Another file holds the same id (a merge from another clone), until `doctor --fix` renumbers one. */
  duplicate: boolean;
}

/**
 * The facts of each task, looked up by the task itself rather than its id: two files holding one
 * id (a merge from another clone) each have their own.
 */
export interface FactsLookup {
  get(task: Pick<Task, "id" | "path">): TaskFacts | undefined;
}

/** The shared empty list of `emptyFacts` (frozen: a fact list is replaced, never pushed to, while it is this one). */
export const NONE: number[] = Object.freeze([]) as unknown as number[];

/** The facts of a task nothing is known about yet: the start of every computation. */
export function emptyFacts(): TaskFacts {
  return {
    blocked: false,
    blocking: false,
    ready: false,
    waiting: false,
    overdue: false,
    today: false,
    urgency: 0,
    blockedBy: NONE,
    blocks: NONE,
    children: NONE,
    openChildren: 0,
    doneChildren: 0,
    duplicate: false,
  };
}
