import { readdirSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { Task } from "../domain/task.js";
import { isTaskFileName } from "../store/load-folder.js";
import { readTaskFile } from "../store/read-task-file.js";
import type { Backlog } from "./backlog.js";

/** The archive read-only: `<dir>/archive/<year>-Q<n>/`, out of the index (operations/archive.ts moves tasks in and out). */

const SEGMENT = /^\d{4}-Q[1-4]$/;

/** Archive segments, newest first, with their task counts; a segment emptied by `restore` is not listed. */
export function listArchive(backlog: Backlog): { segment: string; count: number }[] {
  const folder = join(backlog.root, backlog.config.dir, "archive");
  let segments: string[];
  try {
    segments = readdirSync(folder).filter((name) => SEGMENT.test(name));
  } catch {
    return [];
  }
  return segments
    .sort()
    .reverse()
    .map((segment) => ({ segment, count: readdirSync(join(folder, segment)).filter(isTaskFileName).length }))
    .filter(({ count }) => count > 0);
}

/** The tasks of one archive segment, read-only. */
export function loadArchiveSegment(backlog: Backlog, segment: string): Task[] {
  if (!SEGMENT.test(segment)) throw new BacklogError("usage", `"${segment}" is not an archive segment; they look like 2026-Q4`, { segment }, [{ use: "archive-list", does: "lists them" }]);
  const rel = `${backlog.config.dir}/archive/${segment}`;
  let names: string[];
  try {
    names = readdirSync(join(backlog.root, rel)).filter(isTaskFileName).sort();
  } catch {
    throw new BacklogError("not-found", `no archive segment ${segment}`, { segment }, [{ use: "archive-list", does: "lists the segments" }]);
  }
  // As in the task folder: only regular UTF-8 files are read, and a file that cannot be used is left out.
  return names.flatMap((name) => readTaskFile(join(backlog.root, rel, name), `${rel}/${name}`).task ?? []);
}

/**
 * Finds an archived task by id, with its segment in its path. Only files named for the id are
 * read (archive moves files under their canonical names), so a miss stays cheap: every "no task"
 * answer looks here first.
 */
export function findArchived(backlog: Backlog, id: number): Task | undefined {
  const named = new RegExp(`^${id}(-|\\.md$)`);
  for (const { segment } of listArchive(backlog)) {
    const rel = `${backlog.config.dir}/archive/${segment}`;
    for (const name of readdirSync(join(backlog.root, rel)).filter((file) => named.test(file) && isTaskFileName(file))) {
      const task = readTaskFile(join(backlog.root, rel, name), `${rel}/${name}`).task;
      if (task?.id === id) return task;
    }
  }
  return undefined;
}
