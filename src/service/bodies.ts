import { join } from "node:path";
import type { Task } from "../domain/task.js";
import { readTaskFile } from "../store/read-task-file.js";
import type { Backlog } from "./backlog.js";

/**
 * A task with its document and notes. A short-lived command loads the index from the stat cache,
 * without bodies; what it prints whole (JSON, a task's detail) reads only those files again,
 * not the whole folder: at 10,000 tasks a list of 20 costs 20 reads instead of 10,000.
 *
 * The file is read as it is now: when it no longer holds this task (changed meanwhile, or
 * unreadable), the task is given as it was loaded.
 */
export function withBody(backlog: Backlog, task: Task): Task {
  const file = backlog.index.file(task.path);
  if (!file || file.bodyLoaded) return task;
  const read = readTaskFile(join(backlog.root, task.path), task.path).task;
  return read?.id === task.id ? read : task;
}
