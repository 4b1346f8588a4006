import type { TaskFacts } from "../domain/facts.js";
import type { Status, Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";
import { taskToJson } from "./task-json.js";

/** Another task as a detail names it, so the reader need not look it up. */
export interface TaskRef {
  id: number;
  title: string;
  status: Status;
}

/** A story as `show` and `task_info` give it (docs/reference/changes.md, "Parents and children"): its children, and how far they are. */
export interface Story {
  /** Every child, ascending, deleted ones included (with their status). */
  children: TaskRef[];
  /** Done children of those not deleted: `3/5 done`. */
  progress: { done: number; total: number };
}

/**
 * The task's children and progress; undefined for a task without children. Every file of a
 * duplicated child id under this parent is listed, as the progress counts each of them.
 */
export function storyOf(backlog: Backlog, task: Pick<Task, "id">, facts: TaskFacts | undefined): Story | undefined {
  if (!facts || facts.children.length === 0) return undefined;
  const children = facts.children.flatMap((id) =>
    backlog.index
      .copies(id)
      .filter((child) => child.parent === task.id)
      .map(refOf),
  );
  return { children, progress: { done: facts.doneChildren, total: facts.doneChildren + facts.openChildren } };
}

/** The task the id names, as a reference; undefined when it is not in the backlog (archived, purged, a typo). */
export function taskRef(backlog: Backlog, id: number): TaskRef | undefined {
  const task = backlog.index.get(id);
  return task ? refOf(task) : undefined;
}

function refOf(task: Task): TaskRef {
  return { id: task.id, title: task.title, status: task.status };
}

/** One task for a reader of that task alone (`show --json`, `task_info`): the shape of docs/reference/mcp.md, "The task object", then its story. */
export function taskDetailJson(backlog: Backlog, task: Task, facts: TaskFacts | undefined): Record<string, unknown> {
  const story = storyOf(backlog, task, facts);
  return { ...taskToJson(task, facts), ...(story && { children: story.children, progress: story.progress }) };
}
