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
 *
 * The cache is written again only once 1% of its entries are out of date (and always when there
 * was none): at 10,000 tasks the write is 6 MB and took ~200 ms of every cold command that
 * followed a change, while re-reading the few files a later command finds changed costs a few
 * milliseconds. Every entry is checked against the file's stat on every use, so an unwritten
 * cache is only slower, never wrong.
 */

/** The share of out-of-date entries at which the cache is written again. */
const REWRITE_SHARE = 0.01;

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
  /** Drops entries for files that no longer exist; writes the cache when enough of it changed (see above). */
  save(liveNames: ReadonlySet<string>): Promise<void>;
}

export function openStatCache(path: string, dir: string, now: () => number = Date.now, options: { ignoreItself?: boolean } = {}): StatCache {
  const { data, found } = readCache(path, dir);
  /** Entries added, replaced (a new stat, or a stat too close to the last write to trust) or dropped since the cache was read. */
  let changed = 0;
  return {
    get(name, stat) {
      const entry = data.entries[name];
      if (!entry || !sameStamp(entry, stat) || isRacy(entry, data.writtenAt)) return undefined;
      return entry.file;
    },
    set(name, stat, file) {
      const { task } = file;
      const stored: LoadedFile = task ? { ...file, task: { ...task, body: "" }, bodyLoaded: false } : file;
      const old = data.entries[name];
      // A file read for its body, unchanged, changes nothing a later command would redo.
      if (!old || !sameStamp(old, stat) || isRacy(old, data.writtenAt)) changed += 1;
      data.entries[name] = { ...stat, file: stored };
    },
    async save(liveNames) {
      for (const name of Object.keys(data.entries)) {
        if (!liveNames.has(name)) {
          delete data.entries[name];
          changed += 1;
        }
      }
      if (changed === 0 || (found && changed < Object.keys(data.entries).length * REWRITE_SHARE)) return;
      data.writtenAt = now();
      try {
        await writeFileAtomic(path, JSON.stringify(data));
        if (options.ignoreItself) await writeFile(join(dirname(path), ".gitignore"), "*\n", { flag: "wx" }).catch(() => undefined);
      } catch {
        // The cache is an optimisation: a read-only git dir or a full disk must not fail a query.
      }
      changed = 0;
    },
  };
}

/** The cache on disk; `found` is false when there was none to use (missing, unreadable, another version). */
function readCache(path: string, dir: string): { data: CacheData; found: boolean } {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as CacheData;
    if (data.version === VERSION && data.dir === dir && typeof data.entries === "object") return { data, found: true };
  } catch {
    // Missing or unreadable: start empty.
  }
  return { data: { version: VERSION, dir, writtenAt: 0, entries: {} }, found: false };
}
