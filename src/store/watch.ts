import { statSync, watch as watchDirectory, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import { watch } from "chokidar";
import type { FolderSync, IndexChange } from "./folder-sync.js";

export interface WatchBacklogOptions {
  root: string;
  /** The task folder, relative to the root. */
  dir: string;
  sync: FolderSync;
  /**
   * The repository's files to watch: HEAD, and the loose ref file of the branch HEAD points at
   * (undefined on a detached HEAD), asked again after every HEAD move. The git layer reads them.
   */
  repo?: { head: string; branchRefFile: () => string | undefined } | undefined;
  /** HEAD or the branch moved (a checkout, pull, commit by any process): the caller decides what to re-read. */
  onRepoChange: () => Promise<void> | void;
  /** Tasks changed on disk and the index has taken them in. */
  onChange: (change: IndexChange) => void;
  /** How long events gather before the files they name are re-read; default 10 ms. */
  debounceMs?: number;
}

export interface BacklogWatcher {
  /** Resolves once the watches are in place (or the watcher was stopped). */
  ready: Promise<void>;
  /** Re-reads now the files events named so far (e.g. under the write lock, before the index is read). */
  flush(): void;
  /**
   * Holds events back while this process writes (its writer's files land before the caller has
   * put them in the index); the returned release lets them through again, and they find the
   * index already holding what the files say.
   */
  hold(): () => void;
  unwatch(): Promise<void>;
}

/**
 * Watches the task folder, HEAD and the current branch's ref. Events are hints: they name files
 * to re-stat (FolderSync re-reads only what moved), and a HEAD or ref event asks for a full check.
 *
 * chokidar watches HEAD and the branch's ref as files (it follows git replacing them by rename)
 * and the repository root as a folder (the task folder appearing or being replaced). It is not
 * given a big or busy folder: after every event in a folder it watches, it lists it again and
 * stats every entry, and it adds a watcher per file. At 10,000 tasks that cost +77 MB and 0.8 s
 * of CPU at start and seconds of `lstat` per second of writes; on `.git`, ~100 lstats per commit.
 * The task folder gets one plain directory watch instead, whose events name the changed files.
 */
export function watchBacklog(options: WatchBacklogOptions): BacklogWatcher {
  const { root, dir, sync, repo } = options;
  const folder = resolve(root, dir);
  const top = resolve(root, dir.split("/")[0] ?? dir);
  const pending = new Set<string>();
  let rescan = false;
  let repoMoved = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let holds = 0;
  let folderWatch: FSWatcher | undefined;
  /** Which folder the watch is on: a folder made again often gets the old one's inode number. */
  let folderIdentity: string | undefined;
  const head = repo?.head;
  let ref = repo?.branchRefFile();
  // The ref's folder too: chokidar watches it for the ref to appear when the branch has no commit yet.
  const watched = (): Set<string> => new Set([resolve(root), ...(head ? [head] : []), ...(ref ? [ref, dirname(ref)] : [])]);

  const schedule = (): void => {
    if (!closed) timer ??= setTimeout(run, options.debounceMs ?? 10);
  };

  /**
   * (Re)watches the task folder when it is not watched yet or was replaced (a checkout or reset
   * can delete and recreate it). A new watch comes after files may have landed in the new
   * folder, so the folder is re-stat'ed whole once it is in place.
   */
  function watchFolder(atStart = false): void {
    const identity = identityOf(folder);
    if (folderWatch && identity === folderIdentity) return;
    // The watch set up at start follows the load: nothing to re-stat then.
    if (!atStart && (folderIdentity !== undefined || identity !== undefined)) rescan = true;
    folderWatch?.close();
    folderWatch = undefined;
    folderIdentity = identity;
    if (closed || identity === undefined) return; // the root's watch sees it appear
    try {
      folderWatch = watchDirectory(folder, (_event, name) => {
        if (name) pending.add(name.toString());
        else rescan = true;
        schedule();
      });
      folderWatch.on("error", () => {
        folderWatch?.close();
        folderWatch = undefined;
        rescan = true;
        schedule();
      });
    } catch {
      folderWatch = undefined;
    }
  }

  const gitWatch = watch([resolve(root), ...(head ? [head] : []), ...(ref ? [ref] : [])], {
    ignoreInitial: true,
    depth: 0,
    atomic: false,
    // The root's entries are ignored (its raw events name them); HEAD and the ref are files.
    ignored: (path: string) => !watched().has(resolve(path)),
  });
  let settle = (): void => undefined;
  // Settles on close too, so nothing waits forever on a watcher stopped before it was ready.
  const ready = new Promise<void>((done) => {
    settle = done;
    gitWatch.once("ready", () => done());
  });
  gitWatch.on("error", () => undefined); // a folder that vanishes is watched again after the next HEAD move
  gitWatch.on("all", (_event, path) => {
    const at = resolve(path);
    if (at !== head && at !== ref) return;
    repoMoved = true;
    schedule();
  });
  gitWatch.on("raw", (_event, name: string | null, details) => {
    const at = resolve((details as { watchedPath?: string } | undefined)?.watchedPath ?? "");
    if (at !== resolve(root) || (name && resolve(root, name) !== top)) return;
    rescan = true; // the task folder appeared, vanished or was replaced
    schedule();
  });
  watchFolder(true);

  function flush(): void {
    if (!rescan && pending.size === 0) return;
    const names = [...pending];
    pending.clear();
    const change = rescan ? sync.syncAll() : sync.syncNames(names);
    rescan = false;
    if (change.ids.length > 0 || change.listChanged) options.onChange(change);
  }

  function run(): void {
    timer = undefined;
    if (closed || holds > 0) return;
    // One stat: the folder's own watch reports its deletion as an event naming the folder, and the
    // root's watch does not always report a folder made again in its place.
    watchFolder();
    try {
      flush();
    } catch {
      rescan = true; // the folder could not be read (removed, permissions): the next event tries again
    }
    if (!repoMoved || !repo) return;
    repoMoved = false;
    const next = repo.branchRefFile();
    if (next !== ref) {
      if (ref) void gitWatch.unwatch([ref, dirname(ref)]);
      ref = next;
      if (ref) gitWatch.add(ref);
    }
    Promise.resolve()
      .then(options.onRepoChange)
      .catch(() => undefined); // the next HEAD event, or the next write's refresh, tries again
  }

  return {
    ready,
    flush,
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && (rescan || repoMoved || pending.size > 0)) schedule();
      };
    },
    async unwatch() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      folderWatch?.close();
      await gitWatch.close();
      settle();
    },
  };
}

/** A folder's inode number and birth time (where the file system keeps one): a new folder differs in one. */
function identityOf(path: string): string | undefined {
  try {
    const info = statSync(path);
    return info.isDirectory() ? `${info.ino}:${info.birthtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}
