import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { MAX_TASK_ID, idFromFileName, isTaskId } from "../domain/task-id.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import type { Backlog } from "./backlog.js";

/**
 * The next free id: above every task in the folder (valid or not), every archived task,
 * whatever the writer knows beyond this checkout (other branches and worktrees of the clone),
 * and every id this clone handed out before (a mark in the git common dir), so purged ids stay retired.
 * Only ids in range count: a number no task id can be, wherever it comes from, never moves the next one.
 * Called under the write lock, so two processes never hand out the same id.
 */
export async function allocateId(backlog: Backlog): Promise<number> {
  const highest = Math.max(highestLocalId(backlog), inRange(await backlog.writer.highestKnownId(backlog.config.dir)));
  if (highest >= MAX_TASK_ID) throw noIdLeft();
  return highest + 1;
}

/** The id `allocateId` would start from, without asking the writer about other branches: for hints, not for writing. */
export function nextLocalId(backlog: Backlog): number {
  return Math.min(highestLocalId(backlog) + 1, MAX_TASK_ID);
}

function inRange(id: number | undefined): number {
  return isTaskId(id) ? id : 0;
}

function highestLocalId(backlog: Backlog): number {
  let highest = 0;
  const consider = (id: number | undefined): void => {
    if (isTaskId(id) && id > highest) highest = id;
  };
  for (const task of backlog.index.tasks()) consider(task.id);
  // The index holds every file of the folder, broken ones too (it was refreshed under the lock):
  // a broken file's name counts without listing a 10,000-file folder again.
  for (const file of backlog.index.files()) {
    if (!file.task) consider(idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1)));
  }
  for (const id of archivedIds(backlog)) consider(id);
  const mark = markPath(backlog);
  if (mark) consider(readMark(mark));
  return highest;
}

/** Ids only grow (a purged id is retired), so once the last one is handed out there is none to give. */
export function noIdLeft(): BacklogError {
  return new BacklogError(
    "refused",
    `no id is left: task ids go up to ${MAX_TASK_ID}, and that one is taken (or was, by a task since purged; ids are never reused). ` +
      `Give the task holding ${MAX_TASK_ID} a lower unused id in its file, and if it was purged, delete the backlog-last-id file in the git directory.`,
    { id: MAX_TASK_ID },
  );
}

/**
 * Every id something in the task folder or its archive already holds: valid tasks (duplicates
 * too), files that do not parse (by their name) and archived tasks. An import never reuses one
 * for a different task.
 */
export function heldIds(backlog: Backlog): Set<number> {
  const ids = archivedIds(backlog);
  for (const task of backlog.index.tasks()) ids.add(task.id);
  for (const file of backlog.index.files()) {
    const id = file.task ? undefined : idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1));
    if (isTaskId(id)) ids.add(id);
  }
  return ids;
}

function markPath(backlog: Backlog): string | undefined {
  return backlog.repo ? join(backlog.repo.commonDir, "backlog-last-id") : undefined;
}

/** Records the highest id written, so a purged task's id never comes back (its git history would mix two tasks). */
export async function rememberIds(backlog: Backlog, ids: readonly number[]): Promise<void> {
  const mark = markPath(backlog);
  if (!mark || ids.length === 0) return;
  const highest = Math.max(...ids);
  if (highest <= readMark(mark)) return;
  await writeFileAtomic(mark, `${highest}\n`).catch(() => undefined);
}

/** The mark, or 0 when it holds no id in range (an older version could leave one), so the next write replaces it. */
function readMark(path: string): number {
  try {
    const value = Number(readFileSync(path, "utf8").trim());
    return isTaskId(value) ? value : 0;
  } catch {
    return 0;
  }
}

/** Ids of archived tasks, from the file names under `<dir>/archive/`: references to them are satisfied, not missing. */
export function archivedIds(backlog: Backlog): Set<number> {
  return new Set(backlog.archive.files().map((file) => file.id));
}

/** The archive segment (such as 2026-Q3) holding task `id`'s file, read from the file names only. */
export function archiveSegmentOf(backlog: Backlog, id: number): string | undefined {
  return backlog.archive.files().find((file) => file.id === id)?.segment;
}
