import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { Task } from "../domain/task.js";
import { ARCHIVE_SEGMENT } from "../store/archive-folder.js";
import { readTaskFile } from "../store/read-task-file.js";
import type { Backlog } from "./backlog.js";

/** The archive read-only: `<dir>/archive/<year>-Q<n>/`, out of the index (operations/archive.ts moves tasks in and out). */

/** Archive segments, newest first, with their task counts; a segment emptied by `restore` is not listed. */
export function listArchive(backlog: Backlog): { segment: string; count: number }[] {
  const { archive } = backlog;
  return [...archive.segments()]
    .reverse()
    .map((segment) => ({ segment, count: archive.names(segment)?.length ?? 0 }))
    .filter(({ count }) => count > 0);
}

/** The tasks of one archive segment, read-only. */
export function loadArchiveSegment(backlog: Backlog, segment: string): Task[] {
  const names = backlog.archive.names(segment);
  if (!names) {
    if (!ARCHIVE_SEGMENT.test(segment)) throw new BacklogError("usage", `"${segment}" is not an archive segment; they look like 2026-Q4`, { segment }, [{ use: "archive-list", does: "lists them" }]);
    throw new BacklogError("not-found", `no archive segment ${segment}`, { segment }, [{ use: "archive-list", does: "lists the segments" }]);
  }
  // As in the task folder: only regular UTF-8 files are read, and a file that cannot be used is left out.
  return names.flatMap((name) => readArchived(backlog, segment, name) ?? []);
}

/**
 * Finds an archived task by id, with its segment in its path. Only files named for the id are
 * read (archive moves files under their canonical names), so a miss stays cheap: every "no task"
 * answer looks here first.
 */
export function findArchived(backlog: Backlog, id: number): Task | undefined {
  for (const file of backlog.archive.files()) {
    if (file.id !== id) continue;
    const task = readArchived(backlog, file.segment, file.name);
    if (task?.id === id) return task;
  }
  return undefined;
}

function readArchived(backlog: Backlog, segment: string, name: string): Task | undefined {
  const rel = `${backlog.archive.folderOf(segment)}/${name}`;
  return readTaskFile(join(backlog.root, rel), rel).task;
}
