import type { Problem } from "../domain/problem.js";
import type { Task } from "../domain/task.js";

/** One task file as the store found it: the task when it parses cleanly, its problems either way. */
export interface LoadedFile {
  /** Path relative to the repository root. */
  path: string;
  task?: Task;
  problems: Problem[];
  /** False when the task came from the stat cache without its body. */
  bodyLoaded: boolean;
}
