import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { isAlive } from "../store/lock.js";

/**
 * `index.lock`, taken the way git takes it, for the few milliseconds in which an operation checks
 * that HEAD and the index are as it read them, moves the branch and puts its refreshed index in
 * place (commit-paths.ts, step 7). While we hold it, `git commit`, `git add`, `git checkout` and
 * friends cannot interleave with that; outside it, the user's git is never kept waiting by us.
 *
 * The lock is born holding a marker, `git-backlog <pid> <token> <since>` (a private file
 * hard-linked to the lock name), so a backlog lock is recognisable: one left by a killed process
 * is removed by the next backlog command of any kind (recover.ts), never by asking the user to.
 */

export function indexLockPath(gitDir: string): string {
  return join(gitDir, "index.lock");
}

export interface IndexLockMarker {
  pid: number;
  token: string;
  /** When it was taken (ms since the epoch). */
  since: number;
}

function formatMarker(marker: IndexLockMarker): string {
  return `git-backlog ${marker.pid} ${marker.token} ${marker.since}\n`;
}

/** The backlog marker in `index.lock`, if the lock exists and is one of ours. */
export function readIndexLockMarker(gitDir: string): IndexLockMarker | undefined {
  let content: string;
  try {
    content = readFileSync(indexLockPath(gitDir), "utf8");
  } catch {
    return undefined;
  }
  const match = /^git-backlog (\d+) ([0-9a-f]+)(?: (\d+))?\n$/.exec(content);
  return match ? { pid: Number(match[1]), token: match[2]!, since: Number(match[3] ?? 0) } : undefined;
}

export interface LockIndexOptions {
  /** How long to wait for another holder (git's own commands hold it briefly). Default 10 s. */
  timeoutMs?: number;
}

/** Takes `index.lock` for `token`, waiting for a live holder and removing a dead backlog process's lock. */
export async function lockIndex(gitDir: string, token: string, options: LockIndexOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lockPath = indexLockPath(gitDir);
  const temp = join(gitDir, `backlog-index-lock-${process.pid}-${token}.tmp`);
  const deadline = Date.now() + timeoutMs;
  writeFileSync(temp, formatMarker({ pid: process.pid, token, since: Date.now() }));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, lockPath);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
      const held = readIndexLockMarker(gitDir);
      if (held && held.pid !== process.pid && !isAlive(held.pid)) {
        unlockIndex(gitDir, held.token);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new BacklogError(
          "conflict",
          `Another git process holds ${lockPath} (gave up after ${timeoutMs} ms; a \`git commit\` waiting for its message holds it too). ` +
            "Finish that and retry; if no git process is running, remove that file.",
          { path: lockPath },
        );
      }
      await sleep(Math.min(1 + attempt * 2, 25) * (0.5 + Math.random()));
    }
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/** True when `index.lock` exists and is the one we took with `token`. */
export function holdsIndexLock(gitDir: string, token: string): boolean {
  return readIndexLockMarker(gitDir)?.token === token;
}

/** Removes `index.lock` only if it is ours: a lock git (or another backlog operation) has taken since is left alone. */
export function unlockIndex(gitDir: string, token: string): void {
  if (!holdsIndexLock(gitDir, token)) return;
  try {
    unlinkSync(indexLockPath(gitDir));
  } catch {
    // already gone
  }
}

/** Removes backlog index locks whose process is gone (killed while it held one). */
export function sweepDeadIndexLocks(gitDirs: readonly string[]): void {
  for (const gitDir of gitDirs) {
    const found = readIndexLockMarker(gitDir);
    if (!found || found.pid === process.pid || isAlive(found.pid)) continue;
    unlockIndex(gitDir, found.token);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
