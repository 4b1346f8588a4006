import { readdirSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../store/atomic-write.js";
import { join } from "node:path";
import type { Backlog } from "./backlog.js";

const ID_PREFIX = /^(\d+)(?:-.*)?\.md$/;

/**
 * The next free id: above every task in the folder (valid or not), every archived task,
 * whatever the writer knows beyond this checkout (other branches and worktrees of the clone),
 * and every id this clone handed out before (a mark in the git common dir), so purged ids stay retired.
 * Called under the write lock, so two processes never hand out the same id.
 */
export async function allocateId(backlog: Backlog): Promise<number> {
  let highest = 0;
  for (const task of backlog.index.allTasks()) highest = Math.max(highest, task.id);
  // The index holds every file of the folder, broken ones too (it was refreshed under the lock):
  // a broken file's name counts without listing a 10,000-file folder again.
  for (const file of backlog.index.files()) {
    if (!file.task) highest = Math.max(highest, idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1)));
  }
  for (const id of archivedIds(backlog)) highest = Math.max(highest, id);
  highest = Math.max(highest, await backlog.writer.highestKnownId(backlog.config.dir));
  const mark = markPath(backlog);
  if (mark) highest = Math.max(highest, readMark(mark));
  return highest + 1;
}

/**
 * Every id something in the task folder or its archive already holds: valid tasks (duplicates
 * too), files that do not parse (by their name) and archived tasks. An import never reuses one
 * for a different task.
 */
export function heldIds(backlog: Backlog): Set<number> {
  const ids = archivedIds(backlog);
  for (const task of backlog.index.allTasks()) ids.add(task.id);
  for (const file of backlog.index.files()) {
    const id = file.task ? 0 : idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1));
    if (id > 0) ids.add(id);
  }
  return ids;
}

function idFromFileName(name: string): number {
  const match = ID_PREFIX.exec(name);
  return match?.[1] ? Number(match[1]) : 0;
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

function readMark(path: string): number {
  try {
    const value = Number(readFileSync(path, "utf8").trim());
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** Ids of archived tasks, from the file names under `<dir>/archive/`: references to them are satisfied, not missing. */
export function archivedIds(backlog: Backlog): Set<number> {
  const ids = new Set<number>();
  const archive = join(backlog.root, backlog.config.dir, "archive");
  let segments: string[];
  try {
    segments = readdirSync(archive);
  } catch {
    return ids;
  }
  for (const segment of segments) {
    let names: string[];
    try {
      names = readdirSync(join(archive, segment));
    } catch {
      continue;
    }
    for (const name of names) {
      const id = idFromFileName(name);
      if (id > 0) ids.add(id);
    }
  }
  return ids;
}
