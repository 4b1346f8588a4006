import type { Problem } from "../domain/problem.js";
import type { Task } from "../domain/task.js";
import type { FileFault } from "./read-text-file.js";

/** One task file as the store found it: the task when it parses cleanly, its problems either way. */
export interface LoadedFile {
  /** Path relative to the repository root. */
  path: string;
  task?: Task;
  problems: Problem[];
  /** False when the task came from the stat cache without its body. */
  bodyLoaded: boolean;
}

/** A file the store will not read (not a regular file, not UTF-8): out of the index, reported by doctor. */
export function faultyFile(path: string, fault: FileFault): LoadedFile {
  return { path, problems: [faultProblem(path, fault)], bodyLoaded: false };
}

export function faultProblem(path: string, fault: FileFault): Problem {
  const { code, message, line, column } = fault;
  return { file: path, code, message, severity: "error", ...(line !== undefined && { line }), ...(column !== undefined && { column }) };
}
