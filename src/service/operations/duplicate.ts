import { emptyChanges, keepUserTypes, type TaskChanges } from "../../domain/changes.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { readDoc } from "./notes.js";
import { addTask } from "./add.js";
import { requireTask } from "../task-file.js";

/** A new pending task with the fields and document of another (not its notes, dates or claim), plus changes. */
export async function duplicateTask(backlog: Backlog, id: number, changes: TaskChanges = emptyChanges(), title?: string): Promise<{ task: Task; sha?: string }> {
  const source = requireTask(backlog, id);
  const copied: TaskChanges = {
    ...changes,
    set: {
      ...(source.priority && { priority: source.priority }),
      ...(source.type && { type: source.type }),
      ...(source.project && { project: source.project }),
      ...(source.tags.length > 0 && { tags: source.tags }),
      ...(source.depends.length > 0 && { depends: source.depends }),
      ...(source.related.length > 0 && { related: source.related }),
      ...(source.parent !== undefined && { parent: source.parent }),
      ...(source.due && { due: source.due }),
      ...(source.scheduled && { scheduled: source.scheduled }),
      ...(source.recur && { recur: source.recur }),
      ...(source.until && { until: source.until }),
      ...source.user,
      ...keepUserTypes(source.user, changes.set),
    },
  };
  const doc = readDoc(backlog, id);
  // Its own op, so the history tells a copy from a new task and says what it copies.
  return addTask(backlog, { title: title ?? source.title, body: doc, changes: copied }, (task) => ({ op: "duplicate", subject: `duplicate #${task.id} of #${id} ${task.title}`, taskIds: [task.id] }));
}
