import { closeSync, copyFileSync, fstatSync, linkSync, lstatSync, openSync, readSync, renameSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { gitFailure, repoEnv, runGit, startGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * Brings the index entries of exactly the committed paths up to the commit, through git's own
 * `update-index` (every index format, split index, untracked cache: git's business, not ours),
 * so `git status` is clean for them and whatever else the user staged stays staged.
 *
 * git works on a private copy (`GIT_INDEX_FILE`), made without any lock, and the copy is renamed
 * over the index under `index.lock` once the commit is in (the same swap git does when it
 * commits a lock), if the index is still the one copied (`isCurrent`). `update-index --add --remove` hashes the files we just wrote and records
 * their stat data; if a file changed between our write and git's read (a user saving in that
 * instant), its entry is then set to the committed blob explicitly, so the index never takes
 * up someone else's edit as staged.
 */

export interface IndexEntryUpdate {
  path: string;
  /** The committed blob; null when the path was removed. */
  oid: string | null;
  mode: string;
  /** Stat of the file right after we wrote it (absent for removals). */
  written?: FileStamp;
  /** Set the entry to `oid` without looking at the file (it holds someone else's edit). */
  exact?: boolean;
}

export interface FileStamp {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

export function stampOf(path: string): FileStamp | undefined {
  try {
    const info = lstatSync(path, { bigint: true });
    return { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs };
  } catch {
    return undefined;
  }
}

export interface PreparedIndex {
  /** Puts the refreshed copy in place of the index (we still hold `index.lock`). */
  publish(): void;
  /**
   * The same, keeping the index it replaces until `settle` says whether the operation went in:
   * if not, that index is put back as it was (and this copy is ready for another publish).
   */
  publishRevertibly(): (wentIn: boolean) => void;
  /** Drops the copy: the index stays as it was. */
  discard(): Promise<void>;
}

export interface IndexRefresh {
  /** The private copy of the index git works on. */
  readonly copy: string;
  /** The index as it was copied. */
  readonly source: IndexSource;
  /** For a refresh started ahead of need: keeps this process alive until it is fed or discarded. */
  hold(): void;
  /** Hands git the entries to refresh (files already written); resolves once the copy is ready. */
  feed(updates: readonly IndexEntryUpdate[]): Promise<PreparedIndex>;
  /** Gives up: git is stopped (with nothing to do) and the copy removed. */
  discard(): Promise<void>;
}

/**
 * Copies the index and starts `git update-index --stdin` on the copy right away, so git starts
 * up and reads the index while the caller writes the working files; `feed` sends the paths.
 * Nothing is visible until `publish`, which the caller does holding `index.lock`, after checking
 * `isCurrent(paths, refresh.source)`.
 */
export function startIndexRefresh(paths: RepoPaths, token: string, options: { idle?: boolean } = {}): IndexRefresh {
  const copy = join(paths.gitDir, `backlog-index-${process.pid}-${token}`);
  const index = indexPath(paths);
  const stamp = stampOf(index);
  try {
    copyFileSync(index, copy);
  } catch (error) {
    // No index yet (a fresh `git init`): git creates one.
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
  const source: IndexSource = { index: stamp, checksum: checksumOf(copy) };
  const env = repoEnv(paths, { GIT_INDEX_FILE: copy });
  const args = ["update-index", "--add", "--remove", "-z", "--stdin"];
  const git = startGit(args, { cwd: paths.root, env, ...(options.idle && { idle: true }) });
  git.done.catch(() => undefined); // awaited by feed or discard
  let fed = false;
  const removeCopy = (): void => {
    try {
      unlinkSync(copy);
    } catch {
      // never made, or already gone
    }
  };
  const discard = async (): Promise<void> => {
    // An idle git does not keep the process alive: while we wait for it, it must.
    git.hold();
    if (!fed) git.finish("");
    fed = true;
    await git.done.catch(() => undefined); // git must be done with the copy before it goes
    removeCopy();
  };
  return {
    copy,
    source,
    hold: () => git.hold(),
    discard,
    async feed(updates) {
      fed = true;
      const hashed = updates.filter((update) => !update.exact);
      git.finish(hashed.map((update) => `${update.path}\0`).join(""));
      try {
        const result = await git.done;
        // git could not hash a file (an editor was rewriting it in place: "short read"): the copy
        // is as it was, and every entry is set to its committed blob instead.
        const hashedAll = result.code === 0;
        if (!hashedAll && !/(short read|read error) while indexing/.test(result.stderr)) throw gitFailure(args, result);
        const exact = updates.filter((update) => !hashedAll || update.exact || !sameStamp(stampOf(join(paths.root, update.path)), update.written));
        if (exact.length > 0) await setEntries(paths, env, exact);
      } catch (error) {
        removeCopy();
        throw error;
      }
      return {
        publish: () => renameSync(copy, index),
        publishRevertibly: () => publishRevertibly(copy, index, join(paths.gitDir, `backlog-index-before-${process.pid}-${token}`)),
        discard: () => Promise.resolve(removeCopy()),
      };
    },
  };
}

/**
 * Each step is one link or rename, so a reader always finds a whole index: ours, or the one
 * before it. A process killed in between leaves `before` to the sweep of dead processes' files
 * and the entries to recovery (recover.ts).
 */
function publishRevertibly(copy: string, index: string, before: string): (wentIn: boolean) => void {
  let kept = true;
  try {
    linkSync(index, before);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
    kept = false; // no index yet: putting it back means removing ours
  }
  renameSync(copy, index);
  return (wentIn) => {
    if (wentIn) {
      if (kept) unlinkSync(before);
    } else if (kept) {
      linkSync(index, copy);
      renameSync(before, index);
    } else {
      renameSync(index, copy);
    }
  };
}

export function indexPath(paths: RepoPaths): string {
  return join(paths.gitDir, "index");
}

/** The index as a refresh copied it. */
export interface IndexSource {
  /** The index before it was copied. */
  index: FileStamp | undefined;
  /** The copy's checksum: git ends an index with the SHA-1 of its content. */
  checksum: string | undefined;
}

/**
 * Starts the next operation's refresh now, while idle, so that copying the index and starting
 * git (and git reading a large index) are off that operation's path: a long-running process
 * does this after a burst of commits. Sound for the same reason any refresh is: it is published
 * only if `isCurrent` says the index still holds what was copied.
 */
export function prestartIndexRefresh(paths: RepoPaths, token: string): IndexRefresh {
  return startIndexRefresh(paths, token, { idle: true });
}

/**
 * True when the index holds what `source` copied; checked holding `index.lock` before a publish.
 * The checksums must match (same content); where git writes none (`index.skipHash`, all zeros),
 * the file must also be the one that was there before the copy (git replaces the index by
 * renaming a new file over it, so a change moves its inode, size or time).
 */
export function isCurrent(paths: RepoPaths, source: IndexSource): boolean {
  const now = checksumOf(indexPath(paths));
  if (now !== source.checksum) return false;
  return (now !== undefined && now !== NO_CHECKSUM) || sameStamp(stampOf(indexPath(paths)), source.index);
}

const CHECKSUM_BYTES = 20;
const NO_CHECKSUM = "0".repeat(CHECKSUM_BYTES * 2);

/** The last 20 bytes of an index file (hex); undefined when there is no such file. */
function checksumOf(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < CHECKSUM_BYTES) return undefined;
    const bytes = Buffer.alloc(CHECKSUM_BYTES);
    readSync(fd, bytes, 0, CHECKSUM_BYTES, size - CHECKSUM_BYTES);
    return bytes.toString("hex");
  } finally {
    closeSync(fd);
  }
}

/** Refreshes the index for `updates` in one go (recovery, repair); the caller holds `index.lock`. */
export async function refreshIndex(paths: RepoPaths, token: string, updates: readonly IndexEntryUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  (await startIndexRefresh(paths, token).feed(updates)).publish();
}

/** Sets entries to exact blobs (no stat data: git re-checks those files on its next look). */
async function setEntries(paths: RepoPaths, env: Record<string, string | undefined>, updates: readonly IndexEntryUpdate[]): Promise<void> {
  const lines = updates.map((update) => (update.oid ? `${update.mode} ${update.oid}\t${update.path}\0` : `0 ${"0".repeat(40)}\t${update.path}\0`));
  const args = ["update-index", "-z", "--index-info"];
  const result = await runGit(args, { cwd: paths.root, env, input: lines.join("") });
  if (result.code !== 0) throw gitFailure(args, result);
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}
