import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { BacklogError } from "../domain/errors.js";
import type { FolderDiff } from "../git/folder-diff.js";
import { branchRefFile, readHead, readRef } from "../git/ref-store.js";
import type { RepoPaths } from "../git/repo-paths.js";
import { createFolderSync, type IndexChange, type SyncCounters } from "../store/folder-sync.js";
import { watchBacklog } from "../store/watch.js";
import type { Writer } from "../store/writer.js";
import { openBacklog, type Backlog, type BacklogOptions } from "./backlog.js";
import { graphOf, prepareTextIndex } from "./derived.js";

export interface BacklogChange extends IndexChange {
  /** HEAD or the current branch moved (checkout, pull, a commit by another process). */
  head: boolean;
}

/** A backlog kept current by a file watcher, for long-running processes (the MCP server). */
export interface LiveBacklog extends Backlog {
  /** Settable: an MCP server learns its client's name after it opened the backlog. */
  agent: string | undefined;
  /** Every change to the tasks, whoever made it: this process, another one, an editor, git. */
  onChange(listener: (change: BacklogChange) => void): () => void;
  /** Waits for the writes in progress, then stops the watcher, the background reading and the writer. */
  close(): Promise<void>;
  /** The files stat'ed and read to keep the index current so far (tests and the benchmark count the work of a refresh). */
  syncCounters(): SyncCounters;
}

/** Files read per turn of the event loop while bodies load in the background. */
const WARM_BATCH = 250;
/** Bodies start loading this long after the start, so the first answers do not wait behind them. */
const WARM_DELAY_MS = 300;

/**
 * Opens the backlog of `cwd` and keeps its index current: the stat cache gives a fast start,
 * bodies are read in the background (a request waits for one batch at most), and a watcher
 * re-reads what changes on disk.
 *
 * `refresh()`, which every write calls under the lock, stays cheap: it re-reads the files the
 * watcher has named, and when the branch moved since the last sync, the task files that differ
 * between the commit last synced and the new one (`git/folder-diff.ts`): another process's
 * commit, a user's commit, a pull or a reset costs a look at two trees and a stat per changed
 * file. Git writes the working files of exactly those paths; whatever else changed on disk (a
 * hand edit, a file a reset put back) the folder watch names. The whole folder is re-stat'ed
 * only when the diff cannot say: HEAD on another branch or detached, an unborn branch, an
 * object that cannot be read. Our own commits are recorded as synced as they land (still
 * under the lock) when they sit on the commit last synced. The branch is trusted as that
 * signal once this process's writer has shown that it commits; a writer that only writes files
 * (`commit: false`) gets a full re-stat on every write.
 */
export interface LiveBacklogOptions extends Omit<BacklogOptions, "bodies"> {
  /** Called once, just before the bodies start loading (in the background, or for a query that needs them). */
  beforeBodies?: () => void;
}

/**
 * `beforeBodies` for a process that serves for a whole session (the MCP server, the board): once
 * it has answered its first calls, V8's memory-saving mode keeps the heap near what it holds while
 * the bodies load and after (peak RSS 210 MB instead of 253 MB at 10,000 tasks). Set from the
 * start, it slowed the first answer by 100-180 ms. Bytecode is kept: the mode would flush what an
 * agent's call, seconds after the last, runs again (task_list at that pace: 7.8 ms with
 * flushing, 2.9 ms without).
 */
export function keepHeapSmallWhileServing(): void {
  setFlagsFromString("--optimize-for-size --no-flush-bytecode");
}

export async function openLiveBacklog(options: LiveBacklogOptions): Promise<LiveBacklog> {
  // Only its parts are kept: the opened backlog's own refresh holds the stat cache's whole content
  // (tens of MB at 10,000 tasks). Its functions are closures that do not use `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { refresh: _load, ensureBodies: _bodies, ...base } = await openBacklog({ ...options, bodies: false, longRunning: true });
  const { root, repo, index, writer: opened } = base;
  const dir = base.config.dir;
  const sync = createFolderSync({ root, dir, index });
  const listeners = new Set<(change: BacklogChange) => void>();
  let bodiesAnnounced = false;
  const enteringBodies = (): void => {
    if (bodiesAnnounced) return;
    bodiesAnnounced = true;
    options.beforeBodies?.();
  };
  let synced = repoState(repo);
  /** Loaded on the first move of the branch: it brings the object reader (isomorphic-git for packs). */
  let diff: Promise<FolderDiff> | undefined;
  const folderDiff = (paths: RepoPaths): Promise<FolderDiff> => (diff ??= import("../git/folder-diff.js").then(({ createFolderDiff }) => createFolderDiff(paths, dir)));
  // In a repository with `commit: true` every write is a commit that moves the branch, so an
  // unmoved branch means nothing but what the watcher names changed. Without commits, writes
  // move nothing, and each one re-stats the folder until one is seen to commit after all.
  let commits = Boolean(repo && base.config.commit);
  let closed = false;

  const emit = (change: IndexChange, head = false): void => {
    if (!head && change.ids.length === 0 && !change.listChanged) return;
    for (const listener of listeners) listener({ ...change, head });
  };

  /**
   * One refresh at a time: the watcher's and a write's (under the lock) each see the other's
   * result. The watcher's, after a HEAD or ref event, has nothing more to do when the branch
   * did not move: the folder watch names what changed on disk.
   */
  let refreshing: Promise<void> = Promise.resolve();
  function refresh(onRepoEvent = false): Promise<void> {
    const running = refreshing.then(() => refreshOnce(onRepoEvent));
    refreshing = running.catch(() => undefined);
    return running;
  }

  async function refreshOnce(onRepoEvent: boolean): Promise<void> {
    watcher.flush();
    const from = synced;
    const now = repoState(repo);
    const moved = now.signature !== from.signature;
    if (!moved && (commits || onRepoEvent)) return;
    synced = now;
    const names = moved ? await changedNames(from, now) : undefined;
    emit(names ? sync.syncNames(names) : sync.syncAll(), moved);
  }

  /** The task files the branch's move changed, when it moved by commits (the same branch, both ends known). */
  async function changedNames(from: RepoState, to: RepoState): Promise<string[] | undefined> {
    if (!repo || !from.oid || !to.oid || from.ref === undefined || from.ref !== to.ref) return undefined;
    return (await folderDiff(repo)).changedNames(from.oid, to.oid);
  }

  const watched = repo && { head: join(repo.gitDir, "HEAD"), branchRefFile: () => branchRefFile(repo.gitDir, repo.commonDir) };
  const watcher = watchBacklog({ root, dir, sync, repo: watched, onRepoChange: () => refresh(true), onChange: (change) => emit(change) });

  // Delegates to the opened writer (whatever it grows), recording our own writes as they land.
  const writer = Object.create(opened) as Writer;
  /** Operations in progress (waiting for the lock or holding it): `close` lets them finish. */
  const operations = new Set<Promise<void>>();
  writer.withLock = (fn) => {
    // Once closing has waited for the last one, a new one would run after the writer's cleanup and
    // leave its work behind in .git. (While one runs, `close` waits for it and for what it nests.)
    if (closed && operations.size === 0) return Promise.reject(new BacklogError("refused", "The backlog is closing (the server is shutting down): nothing was written."));
    const running = opened.withLock(fn);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    operations.add(settled);
    void settled.then(() => operations.delete(settled));
    return running;
  };
  writer.apply = async (changes, record, options) => {
    const before = changes.map((change) => index.file(change.path)?.task?.id);
    const release = watcher.hold();
    let written = false;
    try {
      const base = synced;
      const result = await opened.apply(changes, record, options);
      written = true;
      if (result.sha) commits = true;
      sync.record(changes.map((change) => change.path));
      const after = repoState(repo);
      // Our commit (on a commit of hand edits, perhaps) is synced only on top of the commit last
      // synced: on another process's commit that landed since, the next refresh diffs from the base.
      if (await ownCommitOn(base, after, result.sha)) synced = after;
      return result;
    } finally {
      // After the caller has put the new files in the index (transact does, right after apply).
      setImmediate(() => {
        release();
        if (written) emit(ownChange(changes, before));
      });
    }
  };

  async function ownCommitOn(base: RepoState, after: RepoState, sha: string | undefined): Promise<boolean> {
    if (!sha || !repo || after.oid !== sha) return !sha; // a writer that does not commit moves nothing
    if (!base.oid || base.ref !== after.ref) return false;
    return (await folderDiff(repo)).builtOn(sha, base.oid, 2);
  }

  function ownChange(changes: readonly { path: string }[], before: readonly (number | undefined)[]): IndexChange {
    const ids = new Set<number>();
    let listChanged = false;
    changes.forEach((change, at) => {
      const id = index.file(change.path)?.task?.id;
      const was = before[at];
      if (id !== undefined) ids.add(id);
      if (was !== undefined) ids.add(was);
      if (id !== was) listChanged = true;
    });
    return { ids: [...ids].sort((a, b) => a - b), listChanged };
  }

  const live: LiveBacklog = {
    ...base,
    writer,
    agent: base.agent,
    refresh: () => refresh(),
    ensureBodies() {
      if (!index.bodiesLoaded()) {
        enteringBodies();
        const change = sync.warm(Number.MAX_SAFE_INTEGER);
        if (change) emit(change);
      }
      return Promise.resolve();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncCounters: () => sync.counters(),
    async close() {
      closed = true;
      // The writer's close waits for the git it started ahead of the next commit, which does not
      // keep the process alive (it must not, while idle): without a handle of our own, Node
      // would find nothing left to wait for and end mid-shutdown (exit 13), leaving that git's
      // index copy in .git.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      try {
        while (operations.size > 0) await Promise.all(operations);
        await watcher.unwatch();
        await warming;
        await live.writer.close();
      } finally {
        clearInterval(keepAlive);
      }
    },
  };

  // In the background: the graph (the first query needs it), then the bodies, then the graph
  // again, as the bodies came in as one change.
  const warming = (async () => {
    await watcher.ready;
    if (!closed) graphOf(live);
    await sleep(WARM_DELAY_MS);
    enteringBodies();
    for (;;) {
      if (closed) break;
      const change = sync.warm(WARM_BATCH);
      if (change) {
        emit(change);
        prepareTextIndex(live);
        break;
      }
      await nextTurn();
    }
    if (!closed) graphOf(live);
  })().catch(() => undefined); // a query that needs the bodies loads them itself (ensureBodies)
  return live;
}

/** Where HEAD points and what the branch holds: the signature changes with every commit, checkout, pull or reset. */
interface RepoState {
  signature: string;
  /** The branch HEAD points at; undefined when detached or unreadable. */
  ref?: string;
  /** The commit HEAD is on; undefined on an unborn branch. */
  oid?: string;
}

function repoState(repo: RepoPaths | undefined): RepoState {
  if (!repo) return { signature: "" };
  try {
    const head = readHead(repo.gitDir);
    if (head.kind === "detached") return { signature: head.oid, oid: head.oid };
    const oid = readRef(repo.commonDir, head.ref);
    return { signature: `${head.ref} ${oid ?? "unborn"}`, ref: head.ref, ...(oid && { oid }) };
  } catch {
    return { signature: "unreadable" };
  }
}
