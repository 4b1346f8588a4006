import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { removeFileIf, replaceFileIf } from "../store/replace-file.js";
import type { ApplyOptions, FileChange, OperationRecord, WriteResult } from "../store/writer.js";
import { formatMessage } from "./commit-message.js";
import { readCommit } from "./commit-object.js";
import { buildCommits, type BuiltCommits, type CommitSpec } from "./build-commits.js";
import type { ContentFilter } from "./content-filter.js";
import { lookupPath, splitRepoPath } from "./edit-tree.js";
import { resolveIdentity, type ConfigReader } from "./git-config.js";
import { lockIndex, unlockIndex } from "./index-lock.js";
import { indexReaders, whenGone, yieldTo, YIELD_BUDGET_MS } from "./index-readers.js";
import { removeJournal, writeJournal, type CommitJournal, type JournalPath } from "./journal.js";
import type { ObjectStore } from "./object-store.js";
import { prepareRefUpdate, readHead, readRef, type PreparedRefUpdate, type RefUpdateResult } from "./ref-store.js";
import { isCurrent, startIndexRefresh, stampOf, type FileStamp, type IndexEntryUpdate, type IndexRefresh, type IndexSource, type PreparedIndex } from "./refresh-index.js";
import type { RepoPaths } from "./repo-paths.js";
import { assertBranchCheckedOut, type ConflictGuard } from "./repo-state.js";
import type { TreeStore } from "./tree-store.js";
import { changedOnDisk, readWorking, sameBytes } from "./working-files.js";

/**
 * One operation, one commit. The order of the steps is the crash-safety design; a process
 * killed between any two of them leaves the operation wholly out (before step 7) or wholly in
 * (from step 7 on, finished by the next backlog command's recovery), and every task file whole:
 *
 *  1. Blobs of the new contents are written (objects are immutable: an orphan is harmless).
 *  2. HEAD is read; a detached HEAD, a merge in progress or a conflicted path is refused now.
 *     A private copy of the index is made and `git update-index` started on it (refresh-index.ts).
 *  3. Each path's working file is read. One that no longer holds what the operation planned
 *     from (an editor saved meanwhile) stops the operation here, with nothing written, and the
 *     service plans again (`ApplyOptions.read`). One that differs from the branch (a hand edit)
 *     goes into a commit of its own before the operation's (`ApplyOptions.handEdits`).
 *  4. The new trees and commits are built. The journal records the branch, the tip, the commit
 *     and, for each path, its blob at the tip, the new blob, and what the working file holds now.
 *  5. The working files are replaced by compare-and-swap (store/replace-file.ts), their new
 *     content already written and synced: a save that lands after step 3, up to the very instant
 *     of the swap, is kept and stops the operation, and the files already written get their
 *     previous bytes back the same way.
 *  6. git refreshes exactly those entries of the index copy.
 *  7. Only now is `index.lock` taken, for the few milliseconds of: HEAD still on the branch,
 *     the branch still at the tip the commits were built on (else they are built again first,
 *     below), the index still the one copied (else the copy is made again), the copy renamed over the
 *     index (the one it replaces kept aside), and the branch moved by compare-and-swap
 *     (ref-store.ts: the commit point). The index goes first because `git commit` reads HEAD,
 *     then the index, then takes `index.lock`: one that read our commit as HEAD must read our
 *     entries too, or its commit would undo ours. If the branch moved, the index put aside goes
 *     back, the lock is let go and the commits are rebuilt on the new tip, unless that tip
 *     changed one of our paths: then the operation is refused as a conflict.
 *  8. The journal is removed.
 *
 *     A git command of the user's that may have read the index or HEAD (a `git commit` or
 *     `git status` running in the worktree, index-readers.ts) goes first: before the lock is
 *     taken, and again under it, the operation waits for it (for up to 200 ms), so the
 *     user's commit neither finds the branch moved under it nor the lock taken. An index the user
 *     changed since the copy is copied again before the lock, not under it. Past that budget, such
 *     a command is waited for before the lock goes: it would write back the index it read,
 *     without our entries.
 *
 * So the user's own `git commit` beside a busy agent finds `index.lock` taken only for those
 * milliseconds. A stale index write that still gets through (no /proc to look in) would put
 * our paths' old entries back: the writer looks for that shortly after (index-repair.ts).
 *
 * Recovery (recover.ts): with the branch still at the tip, the working files still holding our
 * new bytes get their previous bytes back, and index entries holding our blobs the branch's
 * (unless the branch has since taken those bytes, as a user's `git commit -a` would); with the
 * branch at (or past) our commit, the files still
 * holding their old bytes get the new ones and their index entries are refreshed.
 */

export interface CommitContext {
  paths: RepoPaths;
  objects: ObjectStore;
  /** Turns working bytes into the blob git would store, and back (content-filter.ts). */
  filter: ContentFilter;
  trees: TreeStore;
  config: ConfigReader;
  conflicts: ConflictGuard;
  prefix: string;
  journalPath: string;
  indexLockTimeoutMs?: number;
  /** Commit → root tree, for commits this process made or read: the next operation builds on them. */
  commitTrees: Map<string, string>;
  /** A refresh started ahead of this operation, if one is still good. */
  takeRefresh?: () => IndexRefresh | undefined;
  /** Told what this operation put in the index, right after it did (the stale-entry check). */
  onPublished?: (published: PublishedEntries) => void;
}

/** What an operation left in the index, to check later that no stale write of git's undid it. */
export interface PublishedEntries {
  paths: RepoPaths;
  filter: ContentFilter;
  entries: readonly JournalPath[];
  /** The index the published copy was made from (its stat before the copy). */
  source?: FileStamp;
}

const MAX_REBUILDS = 8;
/** Times the index may change between a copy and the lock before the copy is made holding the lock. */
const MAX_RESTAGED = 3;

export async function commitChanges(context: CommitContext, changes: readonly FileChange[], record: OperationRecord, options: ApplyOptions = {}): Promise<WriteResult> {
  const { paths } = context;
  const list = distinct(changes);
  if (list.length === 0) return { paths: [] };
  const config = await context.config.read();
  if (config.objectFormat && config.objectFormat !== "sha1") {
    throw new BacklogError("git", `This repository uses ${config.objectFormat} object ids, which backlog cannot write yet. Set \`commit: false\` in .backlog.`);
  }
  const contents = new Map<string, Buffer | null>();
  for (const change of list) contents.set(change.path, change.content === null ? null : Buffer.from(change.content, "utf8"));
  const blobs = new Map<string, string | null>();
  for (const [path, bytes] of contents) if (bytes === null) blobs.set(path, null);
  // The blob git itself would store for each content, and what a checkout of it leaves: the bytes the working file gets.
  for (const file of await context.filter.store([...contents].flatMap(([path, bytes]) => (bytes ? [{ path, bytes }] : [])))) {
    blobs.set(file.path, file.oid);
    contents.set(file.path, file.working);
  }

  const head = assertBranchCheckedOut(paths);
  await context.conflicts.assertNotConflicted(list.map((change) => change.path));
  let expected = readRef(paths.commonDir, head.ref);
  let baseTree = await treeOf(context, expected);
  const seen = new Map<string, Buffer | null>();
  const entries = await describePaths(context, baseTree, list, blobs, seen, options.read);
  const handEdited = options.handEdits ? entries.filter(isHandEdit) : [];
  const spec: CommitSpec = {
    message: formatMessage(context.prefix, record),
    ...(handEdited.length > 0 && options.handEdits && { handEdits: { entries: handEdited, message: formatMessage(context.prefix, options.handEdits(handEdited.map((entry) => entry.path))) } }),
    identity: resolveIdentity(config),
    sign: config.gpgSign === true,
  };
  let built = await buildCommits(context, paths, expected, baseTree, entries, spec);

  const token = randomBytes(8).toString("hex");
  const refresh = context.takeRefresh?.() ?? startIndexRefresh(paths, token);
  const journal: CommitJournal = { kind: "commit", token, pid: process.pid, root: paths.root, gitDir: paths.gitDir, ref: head.ref, expected: expected ?? null, paths: entries, ...(built && { next: built.sha }) };
  let journaled = false;
  let filesWritten = false;
  let committed = false;
  let prepared: PreparedIndex | undefined;
  try {
    writeJournal(context.journalPath, journal);
    journaled = true;
    filesWritten = true;
    const updates = writeWorkingFiles(context, entries, contents, seen);
    prepared = await refresh.feed(updates);
    let rebuilds = 0;
    let restaged = 0;
    const yieldUntil = Date.now() + YIELD_BUDGET_MS;
    let source = refresh.source;
    for (;;) {
      await built?.store();
      // A user's git command that read the index or HEAD (a commit, a status) goes first: moving
      // the branch under a commit makes it fail ("cannot lock ref 'HEAD'"), and holding the lock
      // makes its `index.lock` fail. Bounded, so a commit waiting in its editor does not stall us.
      // Past the budget, as before it existed: everything under the lock, nothing let go first.
      const yielding = Date.now() < yieldUntil;
      await yieldTo(paths.root, yieldUntil - Date.now());
      // The user staged something since the copy: copy again now, not holding the lock.
      if (yielding && !isCurrent(paths, source)) ({ prepared, source } = await refreshAgain(paths, token, prepared, updates));
      let moved: RefUpdateResult = { ok: true };
      let readers: number[] = [];
      let deferred = false;
      const branchMove = built && prepareBranchMove(paths, head.ref, expected, built, spec, token);
      try {
        await lockIndex(paths.gitDir, token, context.indexLockTimeoutMs === undefined ? {} : { timeoutMs: context.indexLockTimeoutMs });
        try {
          assertStillOn(paths, head.ref);
          // Moved by a commit of the user's (which needs this lock, so cannot move it now): build
          // again on it before our entries are ever seen beside a branch without our commit.
          const current = built ? readRef(paths.commonDir, head.ref) : expected;
          if (current !== expected) moved = { ok: false, current };
          else {
            // Staged meanwhile: copied again outside the lock while the budget lasts, else now.
            const stale = !isCurrent(paths, source);
            deferred = yielding && stale && restaged++ < MAX_RESTAGED;
            if (!deferred && stale) ({ prepared, source } = await refreshAgain(paths, token, prepared, updates));
            // git commands that may have read the index we are about to replace (index-readers.ts),
            // looked for right before the publish: one that started since the look above is let go
            // first too, while the budget lasts.
            if (!deferred) readers = indexReaders(paths.root);
            deferred ||= yielding && readers.length > 0;
            if (!deferred) {
              // The index first, the branch second: `git commit` reads HEAD, then the index; one that
              // sees our commit as HEAD must see our entries, or its commit would undo ours.
              const settle = prepared.publishRevertibly();
              let wentIn = false;
              try {
                if (branchMove) moved = await branchMove.apply();
                wentIn = moved.ok;
              } finally {
                settle(wentIn);
              }
              committed = wentIn;
              // Until they are gone, so none of them writes back the index it read before ours.
              if (readers.length > 0) await whenGone(readers);
            }
          }
        } finally {
          unlockIndex(paths.gitDir, token);
        }
      } finally {
        branchMove?.discard();
      }
      if (deferred) continue;
      if (moved.ok) break;
      // A commit of the user's that was let go first moves the branch as a matter of course: only
      // the rebuilds after the budget count.
      if (!yielding && rebuilds++ >= MAX_REBUILDS) throw new BacklogError("conflict", `The branch ${head.ref} kept moving while backlog tried to commit; nothing was written. Retry.`);
      expected = moved.current;
      baseTree = await treeOf(context, expected);
      assertUntouched(entries, await blobsAt(context, baseTree, entries), expected);
      built = await buildCommits(context, paths, expected, baseTree, entries, spec);
      Object.assign(journal, { expected: expected ?? null, next: built?.sha });
      writeJournal(context.journalPath, journal);
    }
    context.conflicts.noteIndexWritten(entries.map((entry) => entry.path));
    context.onPublished?.({ paths, filter: context.filter, entries, ...(source.index && { source: source.index }) });
  } catch (error) {
    await refresh.discard(); // stops git if it was never fed; removes the copy if not published
    await prepared?.discard(); // a copy made again under the lock
    if (filesWritten && !committed) restorePrevious(context, entries, contents, seen, await blobsAt(context, await treeOf(context, readRef(paths.commonDir, head.ref)), entries));
    // Before the commit point nothing is left behind: forget the intent. After it, keep the
    // journal so the next backlog command finishes the working tree and the index.
    if (!committed && journaled) removeJournal(context.journalPath);
    else if (committed && error instanceof Error) error.message += " The commit was made; the next backlog command will finish updating the working tree and the index.";
    throw error;
  }
  removeJournal(context.journalPath);
  const written = list.map((change) => change.path);
  return built ? { sha: built.sha, paths: written } : { paths: written };
}

function distinct(changes: readonly FileChange[]): FileChange[] {
  const byPath = new Map<string, FileChange>();
  for (const change of changes) {
    splitRepoPath(change.path);
    byPath.set(change.path, change);
  }
  return [...byPath.values()];
}

/** A working file that is neither the branch's version nor ours: an edit of the user's, uncommitted. */
function isHandEdit(entry: JournalPath): boolean {
  return entry.previous !== null && entry.previous !== entry.before && entry.previous !== entry.after;
}

async function treeOf(context: CommitContext, commit: string | undefined): Promise<string | undefined> {
  if (!commit) return undefined;
  let tree = context.commitTrees.get(commit);
  if (!tree) {
    tree = (await readCommit(context.objects, commit)).tree;
    context.commitTrees.set(commit, tree);
  }
  if (context.commitTrees.size > 256) context.commitTrees.delete(context.commitTrees.keys().next().value!);
  return tree;
}

/** Each path's blob in `tree` (null: absent). */
async function blobsAt(context: CommitContext, tree: string | undefined, entries: readonly JournalPath[]): Promise<(string | null)[]> {
  return Promise.all(entries.map(async (entry) => (await lookupPath(context.trees, tree, entry.path))?.oid ?? null));
}

/**
 * Each path's blob at the tip, its new blob, and what its working file holds now (kept in the
 * object store when it is neither, so recovery can put an edit back). Refuses, before anything
 * is written, a file that no longer holds what the operation read.
 */
async function describePaths(
  context: CommitContext,
  baseTree: string | undefined,
  list: readonly FileChange[],
  blobs: ReadonlyMap<string, string | null>,
  seen: Map<string, Buffer | null>,
  read: ApplyOptions["read"],
): Promise<JournalPath[]> {
  const entries: JournalPath[] = [];
  const moved: string[] = [];
  for (const change of list) {
    const old = await lookupPath(context.trees, baseTree, change.path);
    const before = old?.oid ?? null;
    const bytes = readWorking(join(context.paths.root, change.path), change.path) ?? null;
    seen.set(change.path, bytes);
    const planned = read?.get(change.path);
    if (planned !== undefined && !sameBytes(planned, bytes)) moved.push(change.path);
    let previous: string | null = null;
    if (bytes) {
      previous = await context.filter.blobOf(change.path, bytes);
      if (previous !== before && previous !== blobs.get(change.path)) await context.filter.blobOf(change.path, bytes, true);
    }
    entries.push({ path: change.path, before, after: blobs.get(change.path) ?? null, previous, mode: old?.mode === "100755" ? "100755" : "100644" });
  }
  if (moved.length > 0) throw changedOnDisk(moved);
  return entries;
}

function writeWorkingFiles(
  context: CommitContext,
  entries: readonly JournalPath[],
  contents: ReadonlyMap<string, Buffer | null>,
  seen: ReadonlyMap<string, Buffer | null>,
): IndexEntryUpdate[] {
  const updates: IndexEntryUpdate[] = [];
  for (const entry of entries) {
    const file = join(context.paths.root, entry.path);
    const update: IndexEntryUpdate = { path: entry.path, oid: entry.after, mode: entry.mode };
    const bytes = contents.get(entry.path);
    const expected = seen.get(entry.path) ?? null;
    if (!bytes) {
      if (!removeFileIf(file, (now) => sameBytes(now, expected))) throw changedOnDisk([entry.path]);
    } else {
      replaceIfUnchanged(file, entry.path, bytes, expected);
      const written = stampOf(file);
      if (written) update.written = written;
    }
    updates.push(update);
  }
  return updates;
}

/** Replaces a working file with `bytes` if it still holds `expected`, never over a save (store/replace-file.ts). */
function replaceIfUnchanged(file: string, path: string, bytes: Uint8Array, expected: Buffer | null): void {
  if (!replaceFileIf(file, bytes, (now) => sameBytes(now, expected))) throw changedOnDisk([path]);
}

/**
 * Puts back what the working files held, where they still hold our new bytes, unless the branch
 * holds those bytes by now (the user committed them, as `git commit -a` would): then they stay.
 */
function restorePrevious(
  context: CommitContext,
  entries: readonly JournalPath[],
  written: ReadonlyMap<string, Buffer | null>,
  seen: ReadonlyMap<string, Buffer | null>,
  atTip: readonly (string | null)[],
): void {
  for (const [at, entry] of entries.entries()) {
    if (atTip[at] === entry.after || entry.previous === entry.after) continue;
    const file = join(context.paths.root, entry.path);
    const ours = written.get(entry.path) ?? null;
    // Only a file still holding exactly what we wrote: a save since is the user's latest word.
    const stillOurs = (now: Buffer | null): boolean => sameBytes(now, ours);
    // The very bytes the file held (a checkout of their blob could differ: mixed line endings).
    const previous = seen.get(entry.path) ?? null;
    try {
      if (previous === null) removeFileIf(file, stillOurs);
      else replaceFileIf(file, previous, stillOurs);
    } catch {
      // Best effort: the operation's own error is the one to report.
    }
  }
}

/** HEAD still names the branch the operation read: a checkout since would put our index on another branch. */
function assertStillOn(paths: RepoPaths, ref: string): void {
  const now = readHead(paths.gitDir);
  if (now.kind === "branch" && now.ref === ref) return;
  throw new BacklogError("conflict", `HEAD moved off ${ref} while the operation ran (a checkout?); nothing was written. Run it again on the branch you want.`, { ref });
}

/** The index changed since it was copied (the user staged something): copy it again. */
async function refreshAgain(paths: RepoPaths, token: string, stale: PreparedIndex, updates: readonly IndexEntryUpdate[]): Promise<{ prepared: PreparedIndex; source: IndexSource }> {
  await stale.discard();
  const refresh = startIndexRefresh(paths, token);
  return { prepared: await refresh.feed(updates), source: refresh.source };
}

/** The branch's compare-and-swap to `built`, its file written and synced now, ahead of the lock. */
function prepareBranchMove(paths: RepoPaths, ref: string, expected: string | undefined, built: BuiltCommits, spec: CommitSpec, token: string): PreparedRefUpdate {
  return prepareRefUpdate({
    commonDir: paths.commonDir,
    gitDir: paths.gitDir,
    ref,
    expected,
    next: built.sha,
    token,
    reflog: { ident: built.committer, message: `${expected ? "commit" : "commit (initial)"}: ${spec.message.split("\n")[0]}` },
  });
}

function assertUntouched(entries: readonly JournalPath[], now: readonly (string | null)[], tip: string | undefined): void {
  const touched = entries.filter((entry, at) => entry.before !== now[at]).map((entry) => entry.path);
  if (touched.length === 0) return;
  throw new BacklogError(
    "conflict",
    `${touched.join(", ")} changed in a commit (${tip?.slice(0, 12) ?? "none"}) that landed while this operation ran; nothing was written. Retry.`,
    { paths: touched },
  );
}
