import type { Stats } from "node:fs";

/**
 * What says a file is still the one read before, as git's index says it: size, mtime and inode.
 * An inode alone misses an in-place save; size and mtime alone miss a save by rename within the
 * same tick that kept the size.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * A file modified this close to when it was stat'ed (the cache written, the folder looked at) may
 * change again within the same timestamp tick: its mtime cannot be trusted (git's "racy" case).
 */
export const RACY_MS = 2000;

export function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** Whether a stamp taken at `stampedAt` cannot be trusted to notice the next change (see RACY_MS). */
export function isRacy(stamp: FileStamp, stampedAt: number): boolean {
  return stamp.mtimeMs >= stampedAt - RACY_MS;
}
