import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { Task } from "../domain/task.js";
import { isTaskFileName, listTaskFiles } from "./load-folder.js";
import { readTaskFile } from "./read-task-file.js";
import { faultyFile, type LoadedFile } from "./loaded-file.js";
import { kindOf, notRegularFault, type FileKind } from "./read-text-file.js";
import type { TaskIndex } from "./task-index.js";
import { isRacy, sameStamp, stampOf, type FileStamp } from "./file-stamp.js";

/** What a sync changed: the ids of tasks that changed (old and new ids), and whether the set of tasks did. */
export interface IndexChange {
  ids: number[];
  listChanged: boolean;
}

/**
 * Keeps a long-running process's index in step with the task folder by stat: each file's size,
 * mtime and inode as last read. A path is re-read only when its stat moved, so a watcher event
 * (a hint) costs one stat, and a full re-stat (after a checkout) re-reads only what differs.
 */
export interface FolderSync {
  /** Re-stats these file names (in the task folder) and re-reads the ones that changed. */
  syncNames(names: Iterable<string>): IndexChange;
  /** Re-stats the whole folder: new, changed and removed files. */
  syncAll(): IndexChange;
  /** Records the stat of files this process just wrote (their parsed content is already in the index). */
  record(paths: readonly string[]): void;
  /**
   * Reads up to `budget` files never read by this sync (bodies included). Undefined while some
   * are left; once all are in the index, what changed beyond the bodies (a file edited since the
   * stat-cache load, whose watcher event then finds the index already holding it), to be reported.
   */
  warm(budget: number): IndexChange | undefined;
  /** The work done so far (for tests and the benchmark: what a refresh cost, not how long it took). */
  counters(): SyncCounters;
}

export interface SyncCounters {
  /** Files stat'ed. */
  stats: number;
  /** Files read and parsed. */
  reads: number;
  /** Full re-stats of the folder (`syncAll`). */
  fullSyncs: number;
}

interface Known extends FileStamp {
  kind: FileKind;
}

export function createFolderSync(options: { root: string; dir: string; index: TaskIndex; now?: () => number }): FolderSync {
  const { root, dir, index } = options;
  const clock = options.now ?? Date.now;
  const known = new Map<string, Known>();
  /**
   * Files `warm` has read and not yet put in the index: they go in together once all are read,
   * as one change, so what is derived from the index (the graph) is rebuilt once, not per batch.
   */
  const warmed = new Map<string, { file: LoadedFile; info: Known; base: LoadedFile }>();
  const rel = (name: string): string => `${dir}/${name}`;
  const nameOf = (path: string): string => path.slice(dir.length + 1);
  const counted: SyncCounters = { stats: 0, reads: 0, fullSyncs: 0 };

  function stat(name: string): Known | undefined {
    counted.stats++;
    try {
      const info = lstatSync(join(root, dir, name));
      return { ...stampOf(info), kind: kindOf(info) };
    } catch {
      return undefined;
    }
  }

  /** Only a regular file is opened; anything else named like a task is reported as it is. */
  function read(name: string, info: Known): LoadedFile {
    counted.reads++;
    return info.kind === "file" ? readTaskFile(join(root, dir, name), rel(name), true) : faultyFile(rel(name), notRegularFault(info.kind));
  }

  function remember(name: string, info: Known): void {
    // A racy stat is not remembered: the next look at the file reads it again.
    if (isRacy(info, clock())) known.delete(name);
    else known.set(name, info);
  }

  /** Re-reads what moved; returns the files to put in the index and the paths to drop. */
  function collect(names: Iterable<string>): { files: LoadedFile[]; removed: string[] } {
    const files: LoadedFile[] = [];
    const removed: string[] = [];
    for (const name of names) {
      if (!isTaskFileName(name)) continue;
      const info = stat(name);
      if (!info) {
        known.delete(name);
        if (index.file(rel(name))) removed.push(rel(name));
        continue;
      }
      const last = known.get(name);
      if (last && sameStamp(last, info) && last.kind === info.kind && index.file(rel(name))) continue;
      files.push(read(name, info));
      remember(name, info);
    }
    return { files, removed };
  }

  function apply(read: { files: LoadedFile[]; removed: string[] }, quiet = false): IndexChange {
    const { removed } = read;
    // A re-read that finds what the index holds (a racy file, our own write) changes nothing.
    const files = read.files.filter((file) => !sameFile(index.file(file.path), file));
    if (files.length === 0 && removed.length === 0) return { ids: [], listChanged: false };
    const ids = new Set<number>();
    let listChanged = false;
    for (const path of removed) {
      const id = index.file(path)?.task?.id;
      if (id !== undefined) ids.add(id);
      listChanged = true;
    }
    for (const file of files) {
      const before = index.file(file.path)?.task;
      if (before?.id !== file.task?.id) listChanged = true;
      if (quiet && before && file.task && sameExceptBody(before, file.task)) continue;
      if (before) ids.add(before.id);
      if (file.task) ids.add(file.task.id);
    }
    index.update(files, removed);
    return { ids: [...ids].sort((a, b) => a - b), listChanged };
  }

  return {
    syncNames: (names) => apply(collect(new Set(names))),
    syncAll() {
      counted.fullSyncs++;
      const names = new Set(listTaskFiles(root, dir));
      const gone = index
        .files()
        .map((file) => file.path.slice(dir.length + 1))
        .filter((name) => !names.has(name));
      return apply(collect([...names, ...gone]));
    },
    record(paths) {
      for (const path of paths) {
        if (!path.startsWith(`${dir}/`) || path.slice(dir.length + 1).includes("/")) continue;
        const name = path.slice(dir.length + 1);
        const info = stat(name);
        if (info) remember(name, info);
        else known.delete(name);
      }
    },
    warm(budget) {
      const pending = index.files().filter((file) => !known.has(nameOf(file.path)) && !warmed.has(file.path));
      for (const base of pending.slice(0, budget)) {
        const name = nameOf(base.path);
        const info = stat(name);
        if (info) warmed.set(base.path, { file: read(name, info), info, base });
      }
      if (pending.length > budget) return undefined;
      // All read: in they go together, but not over a file that changed since it was read.
      const files: LoadedFile[] = [];
      for (const [path, { file, info, base }] of warmed) {
        if (index.file(path) !== base) continue;
        files.push(file);
        remember(nameOf(path), info);
      }
      warmed.clear();
      // Warming reads what was loaded without bodies: the same task, now with its body, is no change.
      return apply({ files, removed: [] }, true);
    },
    counters: () => ({ ...counted }),
  };
}

function sameFile(a: LoadedFile | undefined, b: LoadedFile): boolean {
  return a !== undefined && a.bodyLoaded === b.bodyLoaded && JSON.stringify(a.task) === JSON.stringify(b.task) && JSON.stringify(a.problems) === JSON.stringify(b.problems);
}

function sameExceptBody(a: Task, b: Task): boolean {
  return JSON.stringify({ ...a, body: "" }) === JSON.stringify({ ...b, body: "" });
}
