import { join, resolve } from "node:path";
import type { ApplyOptions, FileChange, OperationRecord, WriteResult, Writer } from "../store/writer.js";
import { DEFAULT_COMMIT_PREFIX } from "./commit-message.js";
import { commitChanges, type CommitContext } from "./commit-paths.js";
import { createContentFilter } from "./content-filter.js";
import { splitRepoPath } from "./edit-tree.js";
import { repoEnv, startGitDetached } from "./git-cli.js";
import { createConfigReader } from "./git-config.js";
import { createIdScanner, type IdScanner } from "./highest-id.js";
import { createIndexRepairs, type IndexRepairs } from "./index-repair.js";
import { journalPathOf } from "./journal.js";
import { createObjectStore } from "./object-store.js";
import { recover, type RecoveryContext } from "./recover.js";
import { findRepoPaths, type RepoPaths } from "./repo-paths.js";
import { assertBranchCheckedOut, createConflictGuard, notARepository } from "./repo-state.js";
import { createTreeStore } from "./tree-store.js";
import { createWarmUp, type WarmUp } from "./warm-up.js";
import { createLockQueue } from "./writer-lock-queue.js";
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

/** Every this many commits, the writer asks git for its automatic maintenance (as `git commit` does after each). */
const MAINTENANCE_EVERY = 32;

/**
 * The Writer that makes every operation one git commit (or, with `commit: false`, plain atomic
 * file writes). One per process and repository: it keeps the trees, config and id caches that
 * make the next operation cheap. Its parts:
 *
 * - Lock (writer-lock-queue.ts): the application lock `<common dir>/backlog.lock` serialises
 *   operations across every process and worktree of the clone, and callers of this process queue
 *   in call order before it. `withLock` is re-entrant as the `Writer` contract says: a call from
 *   inside the function holding it (an operation that runs another, as `start --worktree` does)
 *   runs under that hold, in turn with the holder's other nested calls. `apply` outside
 *   `withLock` takes the lock for itself. Each time the lock is taken, a crashed operation is
 *   recovered first (recover.ts). git's `index.lock` is taken only inside a commit, for
 *   milliseconds (publish-commit.ts).
 * - Repair (index-repair.ts): `repairDelayMs` after each commit, the writer checks that no
 *   `git status` that read the index before the commit wrote its old entries back after it. The
 *   timer keeps a short-lived process alive that long; `close()` waits for it.
 * - Warm-up (warm-up.ts, `prestartIndexRefresh`, long-running processes): once a burst of
 *   operations is over, the next commit's index refresh is started while idle.
 */
export function createGitWriter(options: GitWriterOptions): Promise<GitWriter> {
  const repo = findRepoPaths(options.cwd);
  const root = repo?.root ?? resolve(options.cwd);
  const commit = options.commit ?? true;
  // Outside a repository (commit: false) the lock and journal live in the task folder, the only
  // place the tool writes to.
  const ownFolder = join(root, options.dir ?? "");
  const journalPath = repo ? journalPathOf(repo.commonDir) : join(ownFolder, ".backlog-journal.json");
  const lock = createLockQueue({
    path: repo ? join(repo.commonDir, "backlog.lock") : join(ownFolder, ".backlog.lock"),
    ...(options.lockTimeoutMs !== undefined && { lock: { timeoutMs: options.lockTimeoutMs } }),
    onAcquired: () => recover(engine?.recovery ?? { journalPath }),
    onIdle: () => engine?.warmUp?.whenIdle(),
  });
  const engine = repo ? openEngine(repo, journalPath, options, () => lock.waiting > 0) : undefined;
  let commits = 0;

  /** One operation, holding the lock. */
  async function write(changes: readonly FileChange[], record: OperationRecord, applyOptions: ApplyOptions): Promise<WriteResult> {
    if (!commit) return writeFilesOnly(root, journalPath, changes, applyOptions);
    if (!engine) throw notARepository(options.cwd);
    const result = await commitChanges(engine.context, changes, record, applyOptions);
    if (!result.sha) return result;
    engine.warmUp?.noteCommit();
    if (++commits % MAINTENANCE_EVERY === 0) {
      // What `git commit` does after each commit (gc.auto, maintenance.auto decide whether
      // anything happens): our objects are loose, and a tracker that commits a lot would
      // otherwise leave them to pile up until the user's next porcelain command.
      startGitDetached(["maintenance", "run", "--auto", "--quiet"], { cwd: root, env: repoEnv(engine.context.paths) });
    }
    return result;
  }

  // A promise in the contract: opening a writer may one day need to wait (it does not today).
  return Promise.resolve({
    root,
    repo,
    withLock: (fn) => lock.run(fn),
    apply: (changes, record, applyOptions = {}) => lock.run(() => write(changes, record, applyOptions)),
    async assertWritable(candidates) {
      for (const path of candidates) splitRepoPath(path);
      if (!commit) return;
      if (!engine) throw notARepository(options.cwd);
      assertBranchCheckedOut(engine.context.paths);
      await engine.context.conflicts.assertNotConflicted(candidates);
    },
    async highestKnownId(dir) {
      return engine ? engine.ids.highestKnownId(dir) : 0;
    },
    async close() {
      await engine?.warmUp?.close();
      await engine?.repairs.close();
    },
  });
}

/** What a writer in a repository keeps from one operation to the next. */
interface Engine {
  context: CommitContext;
  recovery: RecoveryContext;
  ids: IdScanner;
  repairs: IndexRepairs;
  /** Only for a long-running writer. */
  warmUp: WarmUp | undefined;
}

/** `busy`: an operation of this process waits for the lock or holds it. */
function openEngine(paths: RepoPaths, journalPath: string, options: GitWriterOptions, busy: () => boolean): Engine {
  const objects = createObjectStore(paths);
  const trees = createTreeStore(objects);
  const config = createConfigReader(paths);
  const commitTrees = new Map<string, string>();
  const repairs = createIndexRepairs(options.repairDelayMs ?? 50);
  const warmUp = options.prestartIndexRefresh ? createWarmUp(paths, busy) : undefined;
  const context: CommitContext = {
    paths,
    objects,
    filter: createContentFilter({ paths, objects, config }),
    trees,
    config,
    conflicts: createConflictGuard(paths),
    prefix: options.prefix ?? DEFAULT_COMMIT_PREFIX,
    journalPath,
    commitTrees,
    onPublished: (published) => repairs.after(published),
    ...(warmUp && { takeRefresh: () => warmUp.take() }),
    ...(options.indexLockTimeoutMs ? { indexLockTimeoutMs: options.indexLockTimeoutMs } : {}),
  };
  return {
    context,
    recovery: { journalPath, repo: { paths, objects, trees } },
    ids: createIdScanner({ paths, objects, trees, commitTrees }),
    repairs,
    warmUp,
  };
}
