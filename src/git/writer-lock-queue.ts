import { AsyncLocalStorage } from "node:async_hooks";
import { acquireLock, type LockOptions } from "../store/lock.js";

/**
 * The writer's side of the clone-wide lock (store/lock.ts): `backlog.lock` serialises operations
 * across every process and worktree of the clone, and inside one process callers queue here, in
 * call order, so they do not poll the file against each other.
 *
 * Re-entrant: a call made from inside the function that holds the lock (in its async call chain,
 * as `start --worktree` runs the claim's `transact` inside its own `withLock`) runs under the lock
 * already held instead of waiting for it, which would wait forever. Nested calls take turns with
 * each other, in call order, so two of them never write at once, and the hold lasts until the
 * last of them is done, even one the holder did not wait for. Then it ends: a callback the holder
 * left running that calls in later queues like any other call.
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

/** The lock held by the current call chain: its nested calls take turns on `turn`. */
interface Hold {
  active: boolean;
  turn: Promise<unknown>;
}

/**
 * The holds of the current call chain, by queue: one storage for the process. Every
 * AsyncLocalStorage that has run stays enabled, and node hands each one every new promise of
 * the process, so one per queue made every await slower with each writer ever opened (a test
 * run or a host opening many backlogs: a fifth of the fast test tier's time).
 */
const holding = new AsyncLocalStorage<ReadonlyMap<LockQueueOptions, Hold>>();

export function createLockQueue(options: LockQueueOptions): LockQueue {
  let turn: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  async function holdWhile<T>(fn: () => Promise<T>): Promise<T> {
    const hold: Hold = { active: true, turn: Promise.resolve() };
    try {
      return await holding.run(new Map(holding.getStore()).set(options, hold), fn);
    } finally {
      // Nested calls the holder started and did not wait for still finish under its hold.
      for (let last = hold.turn; ; last = hold.turn) {
        await last;
        if (last === hold.turn) break;
      }
      hold.active = false;
    }
  }

  function run<T>(fn: () => Promise<T>): Promise<T> {
    const held = holding.getStore()?.get(options);
    if (held?.active) {
      const nested = held.turn.then(() => holdWhile(fn));
      held.turn = nested.catch(() => undefined);
      return nested;
    }
    waiting++;
    const queued = turn.then(async () => {
      try {
        const release = await acquireLock(options.path, options.lock);
        try {
          await options.onAcquired();
          return await holdWhile(fn);
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
