import { AsyncLocalStorage } from "node:async_hooks";
import { acquireLock, type LockOptions } from "../store/lock.js";

/**
 * The writer's side of the clone-wide lock (store/lock.ts): `backlog.lock` serialises operations
 * across every process and worktree of the clone, and inside one process callers queue here, in
 * call order, so they do not poll the file against each other.
 *
 * Re-entrant: a call made from inside the function that holds the lock (in its async call chain,
 * as `start --worktree` runs the claim's `transact` inside its own `withLock`) runs under the lock
 * already held instead of waiting for it, which would wait forever.
 */

export interface LockQueue {
  /** Runs `fn` holding the lock, or under the caller's hold when it holds it already. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls of this process waiting for the lock or holding it, nested calls not counted. */
  readonly waiting: number;
}

export interface LockQueueOptions {
  path: string;
  lock?: LockOptions;
  /** Runs first each time the lock is taken (recovery of a killed operation). */
  onAcquired(): Promise<void>;
  /** Called once the last waiting call is done: the process is idle. */
  onIdle(): void;
}

export function createLockQueue(options: LockQueueOptions): LockQueue {
  const holding = new AsyncLocalStorage<true>();
  let turn: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  function run<T>(fn: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return fn();
    waiting++;
    const queued = turn.then(async () => {
      try {
        const release = await acquireLock(options.path, options.lock);
        try {
          await options.onAcquired();
          return await holding.run(true, fn);
        } finally {
          await release();
        }
      } finally {
        if (--waiting === 0) options.onIdle();
      }
    });
    turn = queued.catch(() => undefined);
    return queued;
  }

  return {
    run,
    get waiting() {
      return waiting;
    },
  };
}
