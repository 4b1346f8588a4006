import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { removeFileIf, replaceFileIf } from "../store/replace-file.js";
import type { ApplyOptions, FileChange, OperationRecord, WriteResult } from "../store/writer.js";
import { formatMessage } from "./commit-message.js";
import { readCommit } from "./commit-object.js";
import { buildCommits, type CommitSpec } from "./build-commits.js";
import type { ContentFilter } from "./content-filter.js";
import { lookupPath, splitRepoPath } from "./edit-tree.js";
import { resolveIdentity, type ConfigReader } from "./git-config.js";
import type { PublishedEntries } from "./index-repair.js";
import { removeJournal, writeJournal, type CommitJournal, type JournalPath } from "./journal.js";
import type { ObjectStore } from "./object-store.js";
import { feedIndexCopy, publishCommit, type Base, type IndexCopy } from "./publish-commit.js";
import { readRef } from "./ref-store.js";
import { startIndexRefresh, stampOf, type IndexEntryUpdate, type IndexRefresh } from "./refresh-index.js";
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
 *  7. Only now is `index.lock` taken (publish-commit.ts), for the few milliseconds of: HEAD still on the branch,
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

/** What steps 1–4 settle (the journal aside): what the operation writes, and the commits that record it. */
interface Plan {
  ref: string;
  entries: JournalPath[];
  /** Each path's new working bytes (null: removed). */
  contents: ReadonlyMap<string, Buffer | null>;
  /** Each path's working bytes as step 3 read them: what the swap expects, and what a failure puts back. */
  seen: ReadonlyMap<string, Buffer | null>;
  spec: CommitSpec;
  base: Base;
}

/**
 * How far an operation got, for what a failure must undo: nothing written yet; the journal
 * written and working files being replaced (put back on failure, the journal removed); or the
 * branch moved (the journal kept, for the next command's recovery to finish).
 */
interface Progress {
  stage: "planned" | "writing" | "committed";
}

export async function commitChanges(context: CommitContext, changes: readonly FileChange[], record: OperationRecord, options: ApplyOptions = {}): Promise<WriteResult> {
  const list = distinct(changes);
  if (list.length === 0) return { paths: [] };
  const plan = await planCommit(context, list, record, options);
  const sha = await writeAndCommit(context, plan);
  const written = list.map((change) => change.path);
  return sha ? { sha, paths: written } : { paths: written };
}

/** Steps 1–4 but the journal: nothing is written but objects, and a refusal leaves nothing behind. */
async function planCommit(context: CommitContext, list: readonly FileChange[], record: OperationRecord, options: ApplyOptions): Promise<Plan> {
  const { paths } = context;
  const config = await context.config.read();
  if (config.objectFormat && config.objectFormat !== "sha1") {
    throw new BacklogError("git", `This repository uses ${config.objectFormat} object ids, which backlog cannot write yet. Set \`commit: false\` in .backlog.`);
  }
  const { contents, blobs } = await storeContents(context, list);
  const head = assertBranchCheckedOut(paths);
  await context.conflicts.assertNotConflicted(list.map((change) => change.path));
  const tip = readRef(paths.commonDir, head.ref);
  const baseTree = await treeOf(context, tip);
  const seen = new Map<string, Buffer | null>();
  const entries = await describePaths(context, baseTree, list, blobs, seen, options.read);
  const handEdited = options.handEdits ? entries.filter(isHandEdit) : [];
  const spec: CommitSpec = {
    message: formatMessage(context.prefix, record),
    ...(handEdited.length > 0 && options.handEdits && { handEdits: { entries: handEdited, message: formatMessage(context.prefix, options.handEdits(handEdited.map((entry) => entry.path))) } }),
    identity: resolveIdentity(config),
    sign: config.gpgSign === true,
  };
  const built = await buildCommits(context, paths, tip, baseTree, entries, spec);
  return { ref: head.ref, entries, contents, seen, spec, base: { tip, built } };
}

/** Step 1: each new content's blob (the one git itself would store), and the bytes a checkout of it leaves in the working file. */
async function storeContents(context: CommitContext, list: readonly FileChange[]): Promise<{ contents: Map<string, Buffer | null>; blobs: Map<string, string | null> }> {
  const contents = new Map<string, Buffer | null>();
  for (const change of list) contents.set(change.path, change.content === null ? null : Buffer.from(change.content, "utf8"));
  const blobs = new Map<string, string | null>();
  for (const [path, bytes] of contents) if (bytes === null) blobs.set(path, null);
  for (const file of await context.filter.store([...contents].flatMap(([path, bytes]) => (bytes ? [{ path, bytes }] : [])))) {
    blobs.set(file.path, file.oid);
    contents.set(file.path, file.working);
  }
  return { contents, blobs };
}

/** Steps 4 (the journal) to 8; on failure, undoes what the operation did up to its commit point. Returns the commit made. */
async function writeAndCommit(context: CommitContext, plan: Plan): Promise<string | undefined> {
  const { paths } = context;
  const token = randomBytes(8).toString("hex");
  const refresh = context.takeRefresh?.() ?? startIndexRefresh(paths, token);
  const progress: Progress = { stage: "planned" };
  let copy: IndexCopy | undefined;
  let base: Base;
  try {
    writeJournal(context.journalPath, journalOf(paths, plan, plan.base, token));
    progress.stage = "writing";
    copy = await feedIndexCopy(paths, token, refresh, writeWorkingFiles(context, plan));
    base = await publishCommit(
      {
        paths,
        ref: plan.ref,
        spec: plan.spec,
        token,
        ...(context.indexLockTimeoutMs !== undefined && { indexLockTimeoutMs: context.indexLockTimeoutMs }),
        rebuild: async (tip) => {
          const rebuilt = await rebuildOn(context, plan, tip);
          writeJournal(context.journalPath, journalOf(paths, plan, rebuilt, token));
          return rebuilt;
        },
        onCommitPoint: () => (progress.stage = "committed"),
      },
      plan.base,
      copy,
    );
    context.conflicts.noteIndexWritten(plan.entries.map((entry) => entry.path));
    context.onPublished?.({ paths, filter: context.filter, entries: plan.entries, ...(copy.source.index && { source: copy.source.index }) });
  } catch (error) {
    await refresh.discard(); // stops git if it was never fed; removes the copy if not published
    await copy?.discard(); // a copy made again
    if (progress.stage === "writing") {
      restorePrevious(context, plan, await blobsAt(context, await treeOf(context, readRef(paths.commonDir, plan.ref)), plan.entries));
      // Before the commit point nothing is left behind: forget the intent.
      removeJournal(context.journalPath);
    } else if (progress.stage === "committed" && error instanceof Error) {
      // After it, the journal stays so the next backlog command finishes the working tree and the index.
      error.message += " The commit was made; the next backlog command will finish updating the working tree and the index.";
    }
    throw error;
  }
  removeJournal(context.journalPath);
  return base.built?.sha;
}

function journalOf(paths: RepoPaths, plan: Plan, base: Base, token: string): CommitJournal {
  return { kind: "commit", token, pid: process.pid, root: paths.root, gitDir: paths.gitDir, ref: plan.ref, expected: base.tip ?? null, paths: plan.entries, ...(base.built && { next: base.built.sha }) };
}

/** The branch moved to `tip` without touching our paths: the same entries, committed on it. */
async function rebuildOn(context: CommitContext, plan: Plan, tip: string | undefined): Promise<Base> {
  const baseTree = await treeOf(context, tip);
  assertUntouched(plan.entries, await blobsAt(context, baseTree, plan.entries), tip);
  return { tip, built: await buildCommits(context, context.paths, tip, baseTree, plan.entries, plan.spec) };
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

/** Step 5: the working files, replaced by compare-and-swap; what git is to refresh in the index copy. */
function writeWorkingFiles(context: CommitContext, plan: Plan): IndexEntryUpdate[] {
  const { entries, contents, seen } = plan;
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
function restorePrevious(context: CommitContext, plan: Plan, atTip: readonly (string | null)[]): void {
  const { entries, contents: written, seen } = plan;
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

function assertUntouched(entries: readonly JournalPath[], now: readonly (string | null)[], tip: string | undefined): void {
  const touched = entries.filter((entry, at) => entry.before !== now[at]).map((entry) => entry.path);
  if (touched.length === 0) return;
  throw new BacklogError(
    "conflict",
    `${touched.join(", ")} changed in a commit (${tip?.slice(0, 12) ?? "none"}) that landed while this operation ran; nothing was written. Retry.`,
    { paths: touched },
  );
}
