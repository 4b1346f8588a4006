import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { directoryInTheWay } from "../store/lock.js";

/**
 * The intent of the operation in flight, so the next holder of the lock can finish or forget
 * it after a crash (see `recover.ts` for what it does with one, `commit-paths.ts` for when it
 * is written). At most one operation is in flight per clone (the application lock), so there
 * is one journal per clone, in the common git dir.
 *
 * Replaced atomically (temporary file, rename): a reader finds the previous version or the new
 * one, never a torn mix. It is not fsynced: it guards against a killed process, whose writes
 * the kernel still completes, not against a power cut (git's own default for loose objects
 * and refs is the same).
 */

export interface JournalPath {
  path: string;
  /** Blob in the branch's tree before the operation (null: absent). */
  before: string | null;
  /** Blob after it (null: removed). */
  after: string | null;
  /** The working file's bytes before we wrote it, as a blob in the object store (null: absent). */
  previous: string | null;
  mode: string;
}

export interface CommitJournal {
  kind: "commit";
  token: string;
  pid: number;
  root: string;
  gitDir: string;
  /** The branch; all of these are written once, before the working files are touched. */
  ref?: string;
  /** The branch's value the commit was built on; null for an unborn branch. */
  expected?: string | null;
  /** The commit that will move the branch (absent when the branch already held the contents). */
  next?: string;
  paths?: JournalPath[];
}

export interface FilesJournal {
  kind: "files";
  token: string;
  pid: number;
  root: string;
  files: Array<{ path: string; before: string | null; content: string | null }>;
}

export type Journal = CommitJournal | FilesJournal;

/** Where the journal of a repository's operations lives: one per clone, in the common git dir. */
export function journalPathOf(commonDir: string): string {
  return join(commonDir, "backlog-journal.json");
}

/** Synchronous: two tiny calls on the hot path of every operation. */
export function writeJournal(path: string, journal: Journal): void {
  const temp = `${path}-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, JSON.stringify(journal));
  renameSync(temp, path);
}

/** The journal left by an operation that did not finish; "unreadable" if it cannot be parsed. */
export function readJournal(path: string): Journal | "unreadable" | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    if ((error as { code?: string }).code === "EISDIR") throw directoryInTheWay(path, "journal");
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<Journal>;
    if ((value.kind === "commit" || value.kind === "files") && typeof value.token === "string" && typeof value.root === "string") return value as Journal;
  } catch {
    // fall through
  }
  return "unreadable";
}

export function removeJournal(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
}
