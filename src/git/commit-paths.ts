import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { readRegularFile } from "../store/read-text-file.js";
import type { FileChange, OperationRecord, WriteResult } from "../store/writer.js";
import { formatMessage } from "./commit-message.js";
import { formatCommit, formatIdent, readCommit, type Person } from "./commit-object.js";
import { editTree, lookupPath, splitRepoPath } from "./edit-tree.js";
import { gitText, repoEnv } from "./git-cli.js";
import { resolveIdentity, type ConfigReader } from "./git-config.js";
import { lockIndex, unlockIndex } from "./index-lock.js";
import { removeJournal, writeJournal, type CommitJournal, type JournalPath } from "./journal.js";
import { hashObject, type ObjectStore } from "./object-store.js";
import { readRef, updateRef } from "./ref-store.js";
import { startIndexRefresh, stampOf, type IndexEntryUpdate, type IndexRefresh } from "./refresh-index.js";
import type { RepoPaths } from "./repo-paths.js";
import { assertBranchCheckedOut, type ConflictGuard } from "./repo-state.js";
import type { TreeStore } from "./tree-store.js";

/**
 * One operation, one commit. The order of the steps is the crash-safety design; a process
 * killed between any two of them leaves the operation wholly out (before step 7) or wholly in
 * (from step 7 on, finished by the next operation's recovery), and every task file whole:
 *
 *  1. Blobs of the new contents are written (objects are immutable: an orphan is harmless).
 *  2. `index.lock` is taken (see index-lock.ts): from here to step 8 no git command can commit
 *     from, or switch, this worktree's index. A killed process's lock is recognised and removed.
 *  3. HEAD is read under that lock; a detached HEAD, a merge in progress or a conflicted path
 *     is refused now, with nothing written. `git update-index` is started on a private copy of
 *     the index, so it is up and has read the index by the time it is needed (step 6).
 *  4. The new tree (the tip's tree with only our paths replaced) and the commit are written.
 *     The journal records the branch, the tip, the commit and, for each path, its blob at the
 *     tip, the new blob, and what the working file holds now (kept as a blob, so an edit of
 *     the user's that was on disk can be put back).
 *  5. The working files are replaced atomically (temporary file, fsync, rename).
 *  6. git gets the paths and refreshes exactly those entries of the copy, while:
 *  7. the branch moves by compare-and-swap (ref-store.ts). This is the commit point. If the
 *     branch moved, the commit is rebuilt on the new tip, unless that tip changed one of our
 *     paths: then the working files are put back and the operation is refused as a conflict.
 *  8. The refreshed copy replaces the index; `index.lock` is released after a grace period
 *     (git-writer.ts explains why).
 *  9. The journal is removed.
 *
 * Recovery (recover.ts): with the branch still at the tip, the working files still holding our
 * new bytes get their previous bytes back; with the branch at (or past) our commit, the files
 * still holding their old bytes get the new ones and their index entries are refreshed.
 */

export interface CommitContext {
  paths: RepoPaths;
  objects: ObjectStore;
  trees: TreeStore;
  config: ConfigReader;
  conflicts: ConflictGuard;
  prefix: string;
  journalPath: string;
  indexLockTimeoutMs?: number;
  /** Commit → root tree, for commits this process made or read: the next operation builds on them. */
  commitTrees: Map<string, string>;
  /** Releases `index.lock` after the index was published (the writer keeps it a little longer). */
  releaseIndex?: (gitDir: string, token: string) => void;
  /** That "little longer", so an operation that must wait for it knows how long. */
  indexGraceMs?: number;
  /** A refresh started ahead of this operation, if one is still good (called holding `index.lock`). */
  takeRefresh?: () => IndexRefresh | undefined;
}

const MAX_REBUILDS = 8;

export async function commitChanges(context: CommitContext, changes: readonly FileChange[], record: OperationRecord): Promise<WriteResult> {
  const { paths, objects } = context;
  const byPath = new Map<string, FileChange>();
  for (const change of changes) {
    splitRepoPath(change.path);
    byPath.set(change.path, change);
  }
  const list = [...byPath.values()];
  if (list.length === 0) return { paths: [] };
  const config = await context.config.read();
  if (config.objectFormat && config.objectFormat !== "sha1") {
    throw new BacklogError("git", `This repository uses ${config.objectFormat} object ids, which backlog cannot write yet. Set \`commit: false\` in .backlog.`);
  }
  const identity = resolveIdentity(config);
  const contents = new Map<string, Buffer | null>();
  for (const change of list) contents.set(change.path, change.content === null ? null : Buffer.from(change.content, "utf8"));
  const blobs = new Map<string, string | null>();
  for (const [path, bytes] of contents) blobs.set(path, bytes === null ? null : objects.write("blob", bytes));

  const token = randomBytes(8).toString("hex");
  const journal: CommitJournal = { kind: "commit", token, pid: process.pid, root: paths.root, gitDir: paths.gitDir };
  let journaled = false;
  let committed = false;
  let sha: string | undefined;
  try {
    await lockIndex(paths.gitDir, token, lockOptions(context));
    let entries: JournalPath[] = [];
    let filesWritten = false;
    let published = false;
    let refresh: IndexRefresh | undefined;
    try {
      const head = assertBranchCheckedOut(paths);
      await context.conflicts.assertNotConflicted(list.map((change) => change.path));
      refresh = context.takeRefresh?.() ?? startIndexRefresh(paths, token);
      let expected = readRef(paths.commonDir, head.ref);
      let baseTree = await treeOf(context, expected);
      entries = await describePaths(context, baseTree, list, blobs);
      const message = formatMessage(context.prefix, record);
      // The commit's bytes (and id) now; the object itself once its trees are written (`store`).
      const build = async (): Promise<{ tree: string; now: Date; store: () => Promise<void> } | undefined> => {
        const tree = await editTree(context.trees, baseTree, entries.map((entry) => ({ path: entry.path, oid: entry.after })));
        if (tree === baseTree) return undefined; // the branch already holds these contents: nothing to commit
        const parents = expected ? [expected] : [];
        const now = new Date();
        let store: () => Promise<void>;
        if (config.gpgSign) {
          await objects.flush();
          sha = await signedCommit(paths, tree, parents, message, identity, now);
          store = () => Promise.resolve();
        } else {
          const body = formatCommit({ tree, parents, author: formatIdent(identity.author, now), committer: formatIdent(identity.committer, now), message });
          sha = hashObject("commit", body);
          store = async () => {
            await objects.flush();
            objects.write("commit", body);
          };
        }
        context.commitTrees.set(sha, tree);
        return { tree, now, store };
      };
      let built = await build();
      Object.assign(journal, { ref: head.ref, expected: expected ?? null, paths: entries }, sha ? { next: sha } : {});
      writeJournal(context.journalPath, journal);
      journaled = true;
      filesWritten = true;
      const updates = await writeWorkingFiles(context, entries, contents);
      const preparing = refresh.feed(updates);
      preparing.catch(() => undefined); // awaited below; keep an early failure from going unhandled
      try {
        for (let attempt = 0; built && sha; attempt++) {
          await built.store();
          const moved = await updateRef({
            commonDir: paths.commonDir,
            gitDir: paths.gitDir,
            ref: head.ref,
            expected,
            next: sha,
            token,
            reflog: { ident: formatIdent(identity.committer, built.now), message: `${expected ? "commit" : "commit (initial)"}: ${message.split("\n")[0]}` },
          });
          if (moved.ok) break;
          if (attempt >= MAX_REBUILDS) throw new BacklogError("conflict", `The branch ${head.ref} kept moving while backlog tried to commit; nothing was written. Retry.`);
          expected = moved.current;
          baseTree = await treeOf(context, expected);
          assertUntouched(entries, await describePaths(context, baseTree, list, blobs), expected);
          sha = undefined;
          built = await build();
          Object.assign(journal, { expected: expected ?? null }, sha ? { next: sha } : {});
          writeJournal(context.journalPath, journal);
        }
        committed = true;
      } catch (error) {
        await (await preparing.catch(() => undefined))?.discard();
        throw error;
      }
      (await preparing).publish();
      published = true;
      context.conflicts.noteIndexWritten(entries.map((entry) => entry.path));
    } catch (error) {
      await refresh?.discard(); // stops git if it was never fed; removes the copy if not published
      if (filesWritten && !committed) await restorePrevious(context, entries);
      throw error;
    } finally {
      if (published && context.releaseIndex) context.releaseIndex(paths.gitDir, token);
      else unlockIndex(paths.gitDir, token);
    }
    removeJournal(context.journalPath);
    return sha ? { sha, paths: list.map((change) => change.path) } : { paths: list.map((change) => change.path) };
  } catch (error) {
    // Before the commit point nothing is left behind: forget the intent. After it, keep the
    // journal so the next operation finishes the working tree and the index.
    if (!committed && journaled) removeJournal(context.journalPath);
    else if (committed && error instanceof Error) error.message += " The commit was made; the next backlog operation will finish updating the working tree and the index.";
    throw error;
  }
}

function lockOptions(context: CommitContext): { timeoutMs?: number; graceMs?: number } {
  const options: { timeoutMs?: number; graceMs?: number } = {};
  if (context.indexLockTimeoutMs !== undefined) options.timeoutMs = context.indexLockTimeoutMs;
  if (context.indexGraceMs !== undefined) options.graceMs = context.indexGraceMs;
  return options;
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

/** Each path's blob at the tip, its new blob, and what its working file holds now. */
async function describePaths(context: CommitContext, baseTree: string | undefined, list: readonly FileChange[], blobs: ReadonlyMap<string, string | null>): Promise<JournalPath[]> {
  const entries: JournalPath[] = [];
  for (const change of list) {
    const old = await lookupPath(context.trees, baseTree, change.path);
    const before = old?.oid ?? null;
    const bytes = readWorking(join(context.paths.root, change.path), change.path);
    let previous: string | null = null;
    if (bytes) {
      previous = hashObject("blob", bytes);
      if (previous !== before && previous !== blobs.get(change.path)) context.objects.write("blob", bytes);
    }
    entries.push({ path: change.path, before, after: blobs.get(change.path) ?? null, previous, mode: old?.mode === "100755" ? "100755" : "100644" });
  }
  return entries;
}

async function writeWorkingFiles(context: CommitContext, entries: readonly JournalPath[], contents: ReadonlyMap<string, Buffer | null>): Promise<IndexEntryUpdate[]> {
  const updates: IndexEntryUpdate[] = [];
  for (const entry of entries) {
    const file = join(context.paths.root, entry.path);
    const update: IndexEntryUpdate = { path: entry.path, oid: entry.after, mode: entry.mode };
    const bytes = contents.get(entry.path);
    if (!bytes) {
      removeFile(file);
    } else {
      await writeFileAtomic(file, bytes);
      const written = stampOf(file);
      if (written) update.written = written;
    }
    updates.push(update);
  }
  return updates;
}

/** Puts back what the working files held, where they still hold our new bytes. */
async function restorePrevious(context: CommitContext, entries: readonly JournalPath[]): Promise<void> {
  for (const entry of entries) {
    const file = join(context.paths.root, entry.path);
    const current = readWorking(file, entry.path);
    if ((current ? hashObject("blob", current) : null) !== entry.after || entry.previous === entry.after) continue;
    if (entry.previous === null) removeFile(file);
    else await writeFileAtomic(file, (await context.objects.read(entry.previous)).body);
  }
}

function assertUntouched(first: readonly JournalPath[], now: readonly JournalPath[], tip: string | undefined): void {
  const touched = now.filter((entry, at) => first[at]?.before !== entry.before).map((entry) => entry.path);
  if (touched.length === 0) return;
  throw new BacklogError(
    "conflict",
    `${touched.join(", ")} changed in a commit (${tip?.slice(0, 12) ?? "none"}) that landed while this operation ran; nothing was written. Retry.`,
    { paths: touched },
  );
}

/** A FIFO (or anything else that is not a regular file) at a path we write is refused, never opened: reading one would hang holding both locks. */
function readWorking(file: string, path: string): Buffer | undefined {
  try {
    return readRegularFile(file, { file: path });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
}

/**
 * With `commit.gpgsign` set, the commit object is made by `git commit-tree -S`, so signing uses
 * the user's own key, program and format (gpg, ssh, x509). Hooks do not run: see README.
 */
async function signedCommit(paths: RepoPaths, tree: string, parents: readonly string[], message: string, identity: { author: Person; committer: Person }, now: Date): Promise<string> {
  const date = formatIdent(identity.author, now).split(" ").slice(-2).join(" ");
  const env = repoEnv(paths, {
    GIT_AUTHOR_NAME: identity.author.name,
    GIT_AUTHOR_EMAIL: identity.author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: identity.committer.name,
    GIT_COMMITTER_EMAIL: identity.committer.email,
    GIT_COMMITTER_DATE: date,
  });
  const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent]), "-S"];
  try {
    return (await gitText(args, { cwd: paths.root, env, input: message })).trim();
  } catch (error) {
    if (error instanceof BacklogError) {
      throw new BacklogError("git", `Signing the backlog commit failed (commit.gpgsign is set): ${error.message}. Fix the signing setup, or set commit.gpgsign=false for this repository.`);
    }
    throw error;
  }
}
