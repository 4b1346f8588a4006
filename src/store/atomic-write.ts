import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/**
 * Writes a file so that readers see the old content or the new, never a torn one:
 * a temporary file beside it, fsync, rename over the target, then fsync the folder
 * so the rename itself survives a crash.
 *
 * Synchronous underneath: a task file is a few KB, and eight hops through libuv's thread pool
 * (open, write, fsync, close, rename, open, fsync, close) cost more than the writes themselves,
 * most of all while the pool deflates a commit's tree. The promise keeps callers uniform.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise-returning face over the sync write
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = writeSyncedTemp(path, content);
  try {
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw error;
  }
  syncFolder(dirname(path));
}

/**
 * Writes `content` to a new temporary file beside `path` (`.<name>.<12 hex>.tmp`, the name
 * recovery sweeps), synced, and returns its path: the first half of every replacement of a file.
 */
export function writeSyncedTemp(path: string, content: string | Uint8Array): string {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx");
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/** fsyncs a folder, so a rename or link in it survives a crash. */
export function syncFolder(folder: string): void {
  // Some platforms cannot open a folder for fsync; the rename is still atomic there.
  let fd: number;
  try {
    fd = openSync(folder, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // fsync on a directory is not supported everywhere (EINVAL, EISDIR): nothing more to do.
  } finally {
    closeSync(fd);
  }
}
