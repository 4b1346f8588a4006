import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { isAlive } from "../store/lock.js";

/**
 * `index.lock`, taken the way git takes it, for the whole of a commit: from before HEAD is read
 * until the refreshed index is in place, and then a little longer (see git-writer.ts, "grace").
 * While we hold it, `git commit`, `git add`, `git checkout` and friends cannot interleave with
 * us, so the branch cannot be switched under an operation and no index write of git's can land
 * in the middle of ours.
 *
 * The lock is born holding a marker, `git-backlog <pid> <token> <since>` (a private file
 * hard-linked to the lock name), so a backlog lock is recognisable: one left by a killed process
 * is removed, and one still held after its operation (its grace period) is taken over by the
 * next operation. Only the holder of the application lock takes, replaces or removes a backlog
 * index lock, and no backlog operation is in flight while another holds that lock: so a backlog
 * index lock found by an operation is always one in its grace period, or a dead process's.
 */

export function indexLockPath(gitDir: string): string {
  return join(gitDir, "index.lock");
}

export interface IndexLockMarker {
  pid: number;
  token: string;
  /** When backlog operations began holding the lock back to back (ms since the epoch). */
  since: number;
}

/** How long back-to-back operations may hand the lock on before git must get a turn. */
const MAX_CHAIN_MS = 300;
/** The turn: how long the lock stays free before an operation that waited for it takes it. */
const TURN_MS = 20;

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
  timeoutMs?: number;
  /** How long a finished operation keeps the lock (its grace): how long to wait before removing one. */
  graceMs?: number;
}

/**
 * Takes `index.lock` for `token`; the caller holds the application lock.
 *
 * A lock of git's is waited for (git holds it briefly, or as long as a `git commit` waits for its
 * message). A backlog lock in its grace period is taken over at once, so operations in a burst
 * hand it on; but after MAX_CHAIN_MS of that, the operation lets the grace run out, removes the
 * lock and leaves it free for TURN_MS, so that in a long burst a user's git still gets its turn.
 */
export async function lockIndex(gitDir: string, token: string, options: LockIndexOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lockPath = indexLockPath(gitDir);
  const temp = join(gitDir, `backlog-index-lock-${process.pid}-${token}.tmp`);
  const deadline = Date.now() + timeoutMs;
  let written = "";
  const write = (since: number): void => {
    const content = formatMarker({ pid: process.pid, token, since });
    if (content !== written) writeFileSync(temp, content);
    written = content;
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const held = readIndexLockMarker(gitDir);
      if (held && (held.pid === process.pid || isAlive(held.pid)) && Date.now() - held.since < MAX_CHAIN_MS) {
        // Atomic replace: the previous holder, finding another token, leaves it alone.
        write(held.since);
        renameSync(temp, lockPath);
        return;
      }
      if (held) {
        // A dead process's, or a chain that has run long enough: let its grace run out, give git a turn.
        if (isAlive(held.pid)) await sleep(options.graceMs ?? 0);
        unlockIndex(gitDir, held.token);
        if (isAlive(held.pid)) await sleep(TURN_MS);
      }
      write(Date.now());
      try {
        linkSync(temp, lockPath);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
      if (readIndexLockMarker(gitDir)) continue;
      if (Date.now() >= deadline) {
        throw new BacklogError(
          "conflict",
          `Another git process holds ${lockPath} (gave up after ${timeoutMs} ms; a \`git commit\` waiting for its message holds it too). ` +
            "Finish that and retry; if no git process is running, remove that file.",
          { path: lockPath },
        );
      }
      await sleep(Math.min(2 + attempt * 3, 50) * (0.5 + Math.random()));
    }
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // linked and removed, or renamed into place
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

/** Removes backlog index locks whose process is gone (killed during an operation or its grace). */
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
