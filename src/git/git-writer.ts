import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { acquireLock } from "../store/lock.js";
import type { ApplyOptions, FileChange, OperationRecord, WriteResult, Writer } from "../store/writer.js";
import { DEFAULT_COMMIT_PREFIX } from "./commit-message.js";
import { commitChanges, type CommitContext, type PublishedEntries } from "./commit-paths.js";
import { createContentFilter } from "./content-filter.js";
import { splitRepoPath } from "./edit-tree.js";
import { repoEnv, startGitDetached } from "./git-cli.js";
import { createConfigReader } from "./git-config.js";
import { createIdScanner, type IdScanner } from "./highest-id.js";
import { notePublished, repairStaleEntries } from "./index-repair.js";
import { journalPathOf } from "./journal.js";
import { createObjectStore } from "./object-store.js";
import { recover, type RecoveryContext } from "./recover.js";
import { isCurrent, prestartIndexRefresh, type IndexRefresh } from "./refresh-index.js";
import { findRepoPaths, type RepoPaths } from "./repo-paths.js";
import { assertBranchCheckedOut, createConflictGuard, notARepository } from "./repo-state.js";
import { createTreeStore } from "./tree-store.js";
import { writeFilesOnly } from "./write-files.js";

export interface GitWriterOptions {
  /** Any folder inside the working tree. */
  cwd: string;
  /** false: write files only (config `commit: false`). Default true. */
  commit?: boolean;
  /** The task folder, relative to the working tree root: where the lock and journal go outside a repository. */
  dir?: string;
  /** Commit subject prefix (config `commit_prefix`). Default `backlog:`. */
  prefix?: string;
  /** How long to wait for another backlog process's lock. Default 30 s. */
  lockTimeoutMs?: number;
  /** How long to wait for a git process's `index.lock`. Default 10 s. */
  indexLockTimeoutMs?: number;
  /** How long after an operation the writer looks for a stale index write that undid its entries (see below). Default 50 ms. */
  repairDelayMs?: number;
  /**
   * A long-running process: after each commit, start the next one's index refresh (copy the
   * index, start git on it) so the next operation does not wait for that. Off for one-shot calls,
   * which would only throw it away.
   */
  prestartIndexRefresh?: boolean;
}

export interface GitWriter extends Writer {
  /** The repository, when there is one. */
  readonly repo: RepoPaths | undefined;
  /** Finishes what the writer still has in hand (the last look at the index, a warm index copy). */
  close(): Promise<void>;
}

/** How long a long-running writer waits after its last operation before preparing the next commit. */
const WARM_UP_DELAY_MS = 25;

/** Every this many commits, the writer asks git for its automatic maintenance (as `git commit` does after each). */
const MAINTENANCE_EVERY = 32;

/**
 * The Writer that makes every operation one git commit (or, with `commit: false`, plain atomic
 * file writes). One per process and repository: it keeps the trees, config and id caches that
 * make the next operation cheap.
 *
 * Locking: the application lock `<common dir>/backlog.lock` serialises operations across every
 * process and worktree of the clone; inside one process, callers are queued before it so they
 * do not poll the file. `withLock` is re-entrant within one async call chain (an operation that
 * runs another, as `start --worktree` does, keeps the lock it holds), and `apply` outside
 * `withLock` takes the lock for itself. git's `index.lock` is taken only inside a commit, for
 * milliseconds (commit-paths.ts).
 *
 * Repair: `repairDelayMs` after each commit, the writer checks that no `git status` that read the
 * index before the commit wrote its old entries back after it (index-repair.ts). The timer keeps
 * a short-lived process alive that long; `close()` waits for it.
 *
 * Warm-up (`prestartIndexRefresh`, long-running processes): each commit copies the index and
 * starts `git update-index` on the copy. Once a burst of operations is over, the writer does that
 * for the next operation while idle; that operation publishes it only if the index is still the
 * file that was copied (see refresh-index.ts), and makes a new copy otherwise.
 */
export function createGitWriter(options: GitWriterOptions): Promise<GitWriter> {
  const repo = findRepoPaths(options.cwd);
  const root = repo?.root ?? resolve(options.cwd);
  const commit = options.commit ?? true;
  const repairDelayMs = options.repairDelayMs ?? 50;
  // Outside a repository (commit: false) the lock and journal live in the task folder, the only
  // place the tool writes to.
  const ownFolder = join(root, options.dir ?? "");
  const lockPath = repo ? join(repo.commonDir, "backlog.lock") : join(ownFolder, ".backlog.lock");
  const lockOptions = options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs };
  const journalPath = repo ? journalPathOf(repo.commonDir) : join(ownFolder, ".backlog-journal.json");
  const objects = repo ? createObjectStore(repo) : undefined;
  const trees = objects ? createTreeStore(objects) : undefined;
  const conflicts = repo ? createConflictGuard(repo) : undefined;
  const config = repo ? createConfigReader(repo) : undefined;
  const filter = repo && objects && config ? createContentFilter({ paths: repo, objects, config }) : undefined;
  const commitTrees = new Map<string, string>();
  /** The next operation's index refresh, started while idle; stale ones being thrown away. */
  let warm: IndexRefresh | undefined;
  const discards = new Set<Promise<void>>();
  /** The pending looks at the index after recent commits. */
  const repairs = new Set<Promise<void>>();
  /** Operations of this process waiting for or holding the lock. */
  let queued = 0;
  /** A commit was made since the last refresh was started ahead. */
  let committed = false;
  /** `close()` was called: no more warm-ups (an operation finishing after it must not start one). */
  let closed = false;

  /**
   * Starts the next operation's index refresh, unless one is waiting already or an operation is
   * queued (back to back, it would only move the cost into that operation's start).
   */
  function warmUp(): void {
    if (!repo || warm || !committed || queued > 0 || closed) return;
    committed = false;
    try {
      warm = prestartIndexRefresh(repo, randomBytes(8).toString("hex"));
    } catch {
      // An optimisation: the next operation starts its own.
    }
  }

  /** The waiting refresh, if the index is still the one it copied. */
  function takeRefresh(): IndexRefresh | undefined {
    const taken = warm;
    warm = undefined;
    if (!taken || !repo) return undefined;
    if (isCurrent(repo, taken.source)) {
      taken.hold();
      return taken;
    }
    // Not waited for: git reads the stale copy to its end before it can go; `close` waits.
    const discarding = taken.discard().finally(() => discards.delete(discarding));
    discards.add(discarding);
    return undefined;
  }

  /** Looks at the index a moment after each commit (index-repair.ts). */
  function scheduleRepair(published: PublishedEntries): void {
    const noted = notePublished(published.paths, published.filter, published.entries, published.source);
    const done = new Promise<void>((resolve) => {
      setTimeout(() => void repairStaleEntries(noted, randomBytes(8).toString("hex")).catch(() => undefined).finally(resolve), repairDelayMs);
    });
    repairs.add(done);
    void done.finally(() => repairs.delete(done));
  }

  const context: CommitContext | undefined =
    repo && objects && filter && trees && config && conflicts
      ? {
          paths: repo,
          objects,
          filter,
          trees,
          config,
          conflicts,
          prefix: options.prefix ?? DEFAULT_COMMIT_PREFIX,
          journalPath,
          commitTrees,
          onPublished: scheduleRepair,
          ...(options.prestartIndexRefresh && { takeRefresh }),
          ...(options.indexLockTimeoutMs ? { indexLockTimeoutMs: options.indexLockTimeoutMs } : {}),
        }
      : undefined;
  const recovery: RecoveryContext = repo && objects && trees ? { journalPath, repo: { paths: repo, objects, trees } } : { journalPath };
  const ids: IdScanner | undefined = repo && objects && trees ? createIdScanner({ paths: repo, objects, trees, commitTrees }) : undefined;
  const holding = new AsyncLocalStorage<true>();
  let queue: Promise<unknown> = Promise.resolve();
  let commits = 0;

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return fn();
    queued++;
    const run = queue.then(async () => {
      try {
        const release = await acquireLock(lockPath, lockOptions);
        try {
          await recover(recovery);
          return await holding.run(true, fn);
        } finally {
          await release();
        }
      } finally {
        queued--;
        // The last operation of a burst is done: the next one's refresh, in the background, once
        // no answer is being sent and no next call has come (back to back, it would only move
        // the cost into that call).
        if (committed && queued === 0) setTimeout(warmUp, WARM_UP_DELAY_MS).unref();
      }
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function apply(changes: readonly FileChange[], record: OperationRecord, applyOptions: ApplyOptions = {}): Promise<WriteResult> {
    if (!holding.getStore()) return withLock(() => apply(changes, record, applyOptions));
    if (!commit) return writeFilesOnly(root, journalPath, changes, applyOptions);
    if (!context) throw notARepository(options.cwd);
    const result = await commitChanges(context, changes, record, applyOptions);
    if (options.prestartIndexRefresh && result.sha) committed = true;
    if (result.sha && ++commits % MAINTENANCE_EVERY === 0) {
      // What `git commit` does after each commit (gc.auto, maintenance.auto decide whether
      // anything happens): our objects are loose, and a tracker that commits a lot would
      // otherwise leave them to pile up until the user's next porcelain command.
      startGitDetached(["maintenance", "run", "--auto", "--quiet"], { cwd: root, env: repoEnv(context.paths) });
    }
    return result;
  }

  // A promise in the contract: opening a writer may one day need to wait (it does not today).
  return Promise.resolve({
    root,
    repo,
    withLock,
    apply,
    async assertWritable(candidates) {
      for (const path of candidates) splitRepoPath(path);
      if (!commit) return;
      if (!repo || !conflicts) throw notARepository(options.cwd);
      assertBranchCheckedOut(repo);
      await conflicts.assertNotConflicted(candidates);
    },
    async highestKnownId(dir) {
      return ids ? ids.highestKnownId(dir) : 0;
    },
    async close() {
      closed = true; // a warm-up already scheduled, or asked for by an operation still running, does nothing now
      const waiting = warm;
      warm = undefined;
      await waiting?.discard();
      await Promise.all(discards);
      await Promise.all(repairs);
    },
  });
}
