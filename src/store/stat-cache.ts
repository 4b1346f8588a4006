import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { isRacy, sameStamp, type FileStamp } from "./file-stamp.js";
import type { LoadedFile } from "./loaded-file.js";

/**
 * Parsed task files keyed by path, size, mtime and inode, so a short-lived CLI call re-parses
 * only what changed. Entries hold the task without its body (bodies dominate the size and most
 * queries never read them); a caller that needs bodies reads the files.
 */

/**
 * Bumped whenever the parser's verdict on a file or the parsed task's shape can change, so old
 * entries are read again (2: ids out of range; 3: titles not one line; 4: `related`).
 */
const VERSION = 4;

interface Entry extends FileStamp {
  file: LoadedFile;
}

interface CacheData {
  version: number;
  dir: string;
  writtenAt: number;
  entries: Record<string, Entry>;
}

export interface StatCache {
  get(name: string, stat: FileStamp): LoadedFile | undefined;
  set(name: string, stat: FileStamp, file: LoadedFile): void;
  /** Drops entries for files that no longer exist and writes the cache when anything changed. */
  save(liveNames: ReadonlySet<string>): Promise<void>;
}

export function openStatCache(path: string, dir: string, now: () => number = Date.now, options: { ignoreItself?: boolean } = {}): StatCache {
  const data = readCache(path, dir);
  let dirty = false;
  return {
    get(name, stat) {
      const entry = data.entries[name];
      if (!entry || !sameStamp(entry, stat) || isRacy(entry, data.writtenAt)) return undefined;
      return entry.file;
    },
    set(name, stat, file) {
      const { task } = file;
      const stored: LoadedFile = task ? { ...file, task: { ...task, body: "" }, bodyLoaded: false } : file;
      data.entries[name] = { ...stat, file: stored };
      dirty = true;
    },
    async save(liveNames) {
      for (const name of Object.keys(data.entries)) {
        if (!liveNames.has(name)) {
          delete data.entries[name];
          dirty = true;
        }
      }
      if (!dirty) return;
      data.writtenAt = now();
      try {
        await writeFileAtomic(path, JSON.stringify(data));
        if (options.ignoreItself) await writeFile(join(dirname(path), ".gitignore"), "*\n", { flag: "wx" }).catch(() => undefined);
      } catch {
        // The cache is an optimisation: a read-only git dir or a full disk must not fail a query.
      }
      dirty = false;
    },
  };
}

function readCache(path: string, dir: string): CacheData {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as CacheData;
    if (data.version === VERSION && data.dir === dir && typeof data.entries === "object") return data;
  } catch {
    // Missing or unreadable: start empty.
  }
  return { version: VERSION, dir, writtenAt: 0, entries: {} };
}
