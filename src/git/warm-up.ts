import { randomBytes } from "node:crypto";
import { isCurrent, prestartIndexRefresh, type IndexRefresh } from "./refresh-index.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * A long-running writer's warm-up: each commit copies the index and starts `git update-index`
 * on the copy (refresh-index.ts). Once a burst of operations is over, the writer does that for
 * the next operation while idle; that operation publishes it only if the index is still the file
 * that was copied, and makes a new copy otherwise. Back to back, a warm-up would only move the
 * cost into the next operation's start, so none is made while an operation waits.
 */

export interface WarmUp {
  /** A commit was made: the next operation's refresh is worth preparing. */
  noteCommit(): void;
  /** No operation is waiting any more: prepare the next refresh shortly, unless one comes first. */
  whenIdle(): void;
  /** The prepared refresh, if the index is still the one it copied (`CommitContext.takeRefresh`). */
  take(): IndexRefresh | undefined;
  /** No more warm-ups; throws away the one waiting and waits for git to let go of stale copies. */
  close(): Promise<void>;
}

/** How long the writer waits after its last operation before preparing the next commit: the answer goes out first. */
const WARM_UP_DELAY_MS = 25;

/** `busy`: an operation of this process is waiting for the lock or holding it. */
export function createWarmUp(paths: RepoPaths, busy: () => boolean): WarmUp {
  /** The next operation's refresh, started while idle. */
  let warm: IndexRefresh | undefined;
  /** Stale refreshes being thrown away. */
  const discards = new Set<Promise<void>>();
  /** A commit was made since the last refresh was started ahead. */
  let committed = false;
  /** An operation finishing after `close()` must not start one. */
  let closed = false;

  function start(): void {
    if (warm || !committed || busy() || closed) return;
    committed = false;
    try {
      warm = prestartIndexRefresh(paths, randomBytes(8).toString("hex"));
    } catch {
      // An optimisation: the next operation starts its own.
    }
  }

  return {
    noteCommit() {
      committed = true;
    },
    whenIdle() {
      if (committed) setTimeout(start, WARM_UP_DELAY_MS).unref();
    },
    take() {
      const taken = warm;
      warm = undefined;
      if (!taken) return undefined;
      if (isCurrent(paths, taken.source)) {
        taken.hold();
        return taken;
      }
      // Not waited for: git reads the stale copy to its end before it can go; `close` waits.
      const discarding = taken.discard().finally(() => discards.delete(discarding));
      discards.add(discarding);
      return undefined;
    },
    async close() {
      closed = true; // a warm-up already scheduled, or asked for by an operation still running, does nothing now
      const waiting = warm;
      warm = undefined;
      await waiting?.discard();
      await Promise.all(discards);
    },
  };
}
