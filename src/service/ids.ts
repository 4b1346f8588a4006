import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Backlog } from "./backlog.js";

const ID_PREFIX = /^(\d+)(?:-.*)?\.md$/;

/**
 * The next free id: above every task in the folder (valid or not), every archived task, and
 * whatever the writer knows beyond this checkout (other branches and worktrees of the clone).
 * Called under the write lock, so two processes never hand out the same id.
 */
export async function allocateId(backlog: Backlog): Promise<number> {
  let highest = 0;
  for (const task of backlog.index.allTasks()) highest = Math.max(highest, task.id);
  highest = Math.max(highest, highestIdInFolder(join(backlog.root, backlog.config.dir)));
  highest = Math.max(highest, await backlog.writer.highestKnownId(backlog.config.dir));
  return highest + 1;
}

/** The highest id named by a task file in the folder or under it (archive segments), from file names. */
export function highestIdInFolder(folder: string, depth = 0): number {
  let highest = 0;
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && depth < 3 && !entry.name.startsWith(".")) {
      highest = Math.max(highest, highestIdInFolder(join(folder, entry.name), depth + 1));
    } else {
      const match = ID_PREFIX.exec(entry.name);
      if (match?.[1]) highest = Math.max(highest, Number(match[1]));
    }
  }
  return highest;
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
      const match = ID_PREFIX.exec(name);
      if (match?.[1]) ids.add(Number(match[1]));
    }
  }
  return ids;
}
