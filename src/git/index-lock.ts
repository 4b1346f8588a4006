import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";

/**
 * `index.lock`, taken the way git takes it, for the whole of a commit: from before HEAD is read
 * until the refreshed index is in place, and then a little longer (see git-writer.ts, "grace").
 * While we hold it, `git commit`, `git add`, `git checkout` and friends cannot interleave with
 * us, so the branch cannot be switched under an operation and no index write of git's can land
 * in the middle of ours.
 *
 * The lock is born holding a marker, `git-backlog <pid> <token> <since> [<grace until>]` (a
 * private file hard-linked to the lock name), so a backlog lock is recognisable: one left by a
 * killed process is removed, and one in its grace period is taken over by the next operation.
 */

export function indexLockPath(gitDir: string): string {
  return join(gitDir, "index.lock");
}

export interface IndexLockMarker {
  pid: number;
  token: string;
  /** When backlog operations began holding the lock back to back (ms since the epoch). */
  since: number;
  /** Set once the operation is done: the end of its grace period. */
  graceUntil?: number;
}

/** How long back-to-back operations may hand the lock on before git must get a turn. */
const MAX_CHAIN_MS = 1_000;
/** The turn: how long the lock stays free before an operation that waited for it takes it. */
const TURN_MS = 20;

function formatMarker(marker: IndexLockMarker): string {
  return `git-backlog ${marker.pid} ${marker.token} ${marker.since}${marker.graceUntil === undefined ? "" : ` ${marker.graceUntil}`}\n`;
}

/** The backlog marker in `index.lock`, if the lock exists and is one of ours. */
export function readIndexLockMarker(gitDir: string): IndexLockMarker | undefined {
  let content: string;
  try {
    content = readFileSync(indexLockPath(gitDir), "utf8");
  } catch {
    return undefined;
  }
  const match = /^git-backlog (\d+) ([0-9a-f]+)(?: (\d+))?(?: (\d+))?\n$/.exec(content);
  if (!match) return undefined;
  const marker: IndexLockMarker = { pid: Number(match[1]), token: match[2]!, since: Number(match[3] ?? 0) };
  if (match[4]) marker.graceUntil = Number(match[4]);
  return marker;
}

/**
 * Takes `index.lock` for `token`; the caller must hold the application lock, which makes it the
 * only backlog process that may take, replace or remove a backlog index lock.
 *
 * A lock of git's is waited for (git holds it briefly, or as long as a `git commit` waits for
 * its message). A backlog lock in its grace period is taken over at once, so operations in a
 * burst hand it on; but after MAX_CHAIN_MS of that, the operation waits for the grace to end,
 * removes the lock and leaves it free for TURN_MS, so a user's git gets its turn in a burst.
 */
export async function lockIndex(gitDir: string, token: string, timeoutMs = 10_000): Promise<void> {
  const lockPath = indexLockPath(gitDir);
  const temp = join(gitDir, `backlog-index-lock-${process.pid}-${token}.tmp`);
  const deadline = Date.now() + timeoutMs;
  try {
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      writeFileSync(temp, formatMarker({ pid: process.pid, token, since: now }));
      try {
        linkSync(temp, lockPath);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
      const held = readIndexLockMarker(gitDir);
      let wait = Math.min(2 + attempt * 3, 50) * (0.5 + Math.random());
      if (held && held.graceUntil === undefined && held.pid !== process.pid && !isAlive(held.pid)) {
        unlockIndex(gitDir, held.token); // killed in the middle of an operation
        continue;
      }
      if (held?.graceUntil !== undefined) {
        if (now - held.since < MAX_CHAIN_MS) {
          // Atomic replace: the previous holder, finding another token, leaves it alone.
          writeFileSync(temp, formatMarker({ pid: process.pid, token, since: held.since }));
          renameSync(temp, lockPath);
          return;
        }
        if (now < held.graceUntil) wait = held.graceUntil - now;
        else {
          unlockIndex(gitDir, held.token);
          wait = TURN_MS;
        }
      } else if (Date.now() >= deadline) {
        throw new BacklogError(
          "conflict",
          `Another git process holds ${lockPath} (gave up after ${timeoutMs} ms; a \`git commit\` waiting for its message holds it too). ` +
            "Finish that and retry; if no git process is running, remove that file.",
          { path: lockPath },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // linked and removed, or renamed into place
    }
  }
}

/** Marks our lock as done with its operation, in its grace period until `until` (ms since the epoch). */
export function markGrace(gitDir: string, token: string, until: number): void {
  const held = readIndexLockMarker(gitDir);
  if (held?.token !== token) return;
  const temp = join(gitDir, `backlog-index-lock-${process.pid}-${token}.tmp`);
  writeFileSync(temp, formatMarker({ ...held, graceUntil: until }));
  renameSync(temp, indexLockPath(gitDir));
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== "ESRCH";
  }
}
