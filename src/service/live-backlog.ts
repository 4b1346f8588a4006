import { join } from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { BacklogError } from "../domain/errors.js";
import { branchRefFile, readHead, readRef } from "../git/ref-store.js";
import type { RepoPaths } from "../git/repo-paths.js";
import { createFolderSync, type IndexChange } from "../store/folder-sync.js";
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
 * watcher has named and re-stats the whole folder only when HEAD or the branch moved since the
 * last sync. Our own commits are recorded as synced as they land (still under the lock), so
 * only another process's commit or a checkout costs a full re-stat. The branch is trusted as
 * that signal once this process's writer has shown that it commits; a writer that only writes
 * files (`commit: false`) gets a full re-stat on every write.
 */
export interface LiveBacklogOptions extends Omit<BacklogOptions, "bodies"> {
  /** Called once, just before the bodies start loading (in the background, or for a query that needs them). */
  beforeBodies?: () => void;
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
  let synced = repoSignature(repo);
  // A git writer that commits moves the branch with every write; until one is seen, assume not.
  let commits = Boolean(repo && base.config.commit && "repo" in opened);
  let closed = false;

  const emit = (change: IndexChange, head = false): void => {
    if (!head && change.ids.length === 0 && !change.listChanged) return;
    for (const listener of listeners) listener({ ...change, head });
  };

  function refresh(): Promise<void> {
    watcher.flush();
    const now = repoSignature(repo);
    const moved = now !== synced;
    if (!moved && commits) return Promise.resolve();
    synced = now;
    emit(sync.syncAll(), moved);
    return Promise.resolve();
  }

  const watched = repo && { head: join(repo.gitDir, "HEAD"), branchRefFile: () => branchRefFile(repo.gitDir, repo.commonDir) };
  const watcher = watchBacklog({ root, dir, sync, repo: watched, onRepoChange: refresh, onChange: (change) => emit(change) });

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
      const result = await opened.apply(changes, record, options);
      written = true;
      if (result.sha) commits = true;
      synced = repoSignature(repo);
      sync.record(changes.map((change) => change.path));
      return result;
    } finally {
      // After the caller has put the new files in the index (transact does, right after apply).
      setImmediate(() => {
        release();
        if (written) emit(ownChange(changes, before));
      });
    }
  };

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
    refresh,
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

/** Where HEAD points and what the branch holds: changes with every commit, checkout, pull or reset. */
function repoSignature(repo: RepoPaths | undefined): string {
  if (!repo) return "";
  try {
    const head = readHead(repo.gitDir);
    return head.kind === "branch" ? `${head.ref} ${readRef(repo.commonDir, head.ref) ?? "unborn"}` : head.oid;
  } catch {
    return "unreadable";
  }
}
