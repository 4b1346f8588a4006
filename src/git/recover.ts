import { readdirSync, unlinkSync } from "node:fs";
import { readdir, readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { removeFileIf, replaceFileIf, restoreAsides, type Holds } from "../store/replace-file.js";
import { readCommit } from "./commit-object.js";
import { createContentFilter, type ContentFilter } from "./content-filter.js";
import { lookupPath } from "./edit-tree.js";
import { repoEnv, runGit } from "./git-cli.js";
import { createConfigReader } from "./git-config.js";
import { holdsIndexLock, lockIndex, sweepDeadIndexLocks, unlockIndex } from "./index-lock.js";
import { stagedOids } from "./index-repair.js";
import { readWorking, sameBytes } from "./working-files.js";
import { readJournal, removeJournal, type CommitJournal, type FilesJournal, type JournalPath } from "./journal.js";
import { hashObject, type ObjectStore } from "./object-store.js";
import { readHead, readRef } from "./ref-store.js";
import { refreshIndex, stampOf, type IndexEntryUpdate } from "./refresh-index.js";
import type { RepoPaths } from "./repo-paths.js";
import type { TreeStore } from "./tree-store.js";
import { listWorktrees } from "./worktrees.js";
import { isAlive } from "../store/lock.js";

/**
 * Runs under the application lock before every operation: finishes or forgets the operation a
 * killed process left in the journal, and removes the private files of dead processes.
 *
 * The branch update is the commit point. If the branch still points where the commit was
 * built (or the commit was never made) the operation is out: working files that hold our new
 * bytes get back what they held before, and its locks and temporary files go. If the branch
 * holds the commit (or has moved on from it) the operation is in and is rolled forward: each
 * task file still holding its old content gets the new content, and its index entry follows,
 * unless someone changed that file or entry since (theirs then wins, as an ordinary local
 * change). In `commit: false` mode the journal itself is the commit point: it carries the new
 * contents. A process killed before it wrote a journal left nothing but orphan objects (which
 * `git gc` prunes) and an `index.lock` marked with its pid, removed here.
 */

export interface RecoveryContext {
  journalPath: string;
  /** Present when there is a repository. */
  repo?: { paths: RepoPaths; objects: ObjectStore; trees: TreeStore };
}

export async function recover(context: RecoveryContext): Promise<void> {
  const journal = readJournal(context.journalPath);
  if (journal && journal !== "unreadable") {
    if (journal.kind === "files") await rollForwardFiles(journal);
    else if (context.repo) await recoverCommit(context.repo, journal);
  }
  if (journal !== undefined) removeJournal(context.journalPath);
  // Leftovers of dead processes are rare and harmless clutter: look after a crash, and now and then.
  if (journal !== undefined || Math.random() < 1 / 16) sweepDeadPrivateFiles(dirname(context.journalPath));
  if (context.repo) sweepDeadIndexLocks((await listWorktrees(context.repo.paths)).map((worktree) => worktree.gitDir).concat(context.repo.paths.gitDir));
}

async function recoverCommit(repo: NonNullable<RecoveryContext["repo"]>, journal: CommitJournal): Promise<void> {
  const paths: RepoPaths = { root: journal.root, gitDir: journal.gitDir, commonDir: repo.paths.commonDir };
  const state = await commitState(paths, journal);
  if (journal.ref && journal.next) {
    // A `<ref>.lock` born with our commit id is ours; anything else there belongs to git.
    const refLock = join(paths.commonDir, `${journal.ref}.lock`);
    const content = await readFile(refLock, "utf8").catch(() => undefined);
    if (content?.trim() === journal.next) await unlink(refLock).catch(() => undefined);
  }
  const worktreeThere = (await exists(paths.gitDir)) && (await exists(paths.root));
  if (journal.paths && worktreeThere) {
    putBackAsides(paths.root, journal.paths.map((entry) => ({ path: entry.path, blobs: [entry.before, entry.after, entry.previous] })));
    // Working files are compared, and written, as git would: through that worktree's content filters.
    const filter = createContentFilter({ paths, objects: repo.objects, config: createConfigReader(paths) });
    if (state === "out") {
      await putBackPrevious(repo, filter, paths, journal.ref, journal.paths);
      await putBackIndexEntries(repo, paths, journal);
    }
    else if (journal.ref) {
      const head = (() => {
        try {
          return readHead(paths.gitDir);
        } catch {
          return undefined;
        }
      })();
      if (head?.kind === "branch" && head.ref === journal.ref) {
        await rollForwardCommit(repo, filter, paths, journal, journal.paths).catch((error: unknown) => {
          // git refused it (the journal stays for the next try): git's own commands must not be
          // locked out meanwhile, or the user could not fix what git refused.
          unlockIndex(paths.gitDir, journal.token);
          throw error;
        });
      }
    }
  }
  unlockIndex(paths.gitDir, journal.token);
  for (const entry of journal.paths ?? []) await removeAtomicTemps(join(paths.root, entry.path));
  sweepDeadPrivateFiles(paths.gitDir);
}

async function commitState(paths: RepoPaths, journal: CommitJournal): Promise<"in" | "out"> {
  if (!journal.ref || !journal.next) return "out";
  const current = readRef(paths.commonDir, journal.ref);
  if (current === journal.next) return "in";
  if (current === undefined || current === (journal.expected ?? undefined)) return "out";
  // Moved on since: in if our commit is in its history (a user's commit on top of ours).
  const result = await runGit(["merge-base", "--is-ancestor", journal.next, current], { cwd: paths.root, env: repoEnv(paths) });
  return result.code === 0 ? "in" : "out";
}

/**
 * The operation is out: working files still holding our new bytes get their previous bytes back,
 * unless the branch holds those bytes by now (the user committed the half-done change, say with
 * `git commit -a` after removing a lock): putting them back would be a stray revert.
 */
async function putBackPrevious(repo: NonNullable<RecoveryContext["repo"]>, filter: ContentFilter, paths: RepoPaths, ref: string | undefined, entries: JournalPath[]): Promise<void> {
  const tip = ref ? readRef(paths.commonDir, ref) : undefined;
  const tipTree = tip ? (await readCommit(repo.objects, tip)).tree : undefined;
  for (const entry of entries) {
    if (entry.previous === entry.after) continue;
    if (tipTree && ((await lookupPath(repo.trees, tipTree, entry.path))?.oid ?? null) === entry.after) continue;
    const file = join(paths.root, entry.path);
    const now = await workingState(filter, file, entry.path);
    if (!now || now.blob !== entry.after) continue;
    // Never over a save made since the look (store/replace-file.ts).
    const previous = entry.previous;
    if (previous === null) tryQuietly(() => removeFileIf(file, now.holds));
    else await filter.checkout(entry.path, previous).then((bytes) => replaceFileIf(file, bytes, now.holds)).catch(() => undefined);
  }
}

/**
 * The operation is out, but its index may have been put in place (killed between that and
 * moving the branch, commit-paths.ts step 7): entries holding our blobs get the branch's back.
 * An entry the user staged since, or the branch took since, is theirs and stays.
 */
async function putBackIndexEntries(repo: NonNullable<RecoveryContext["repo"]>, paths: RepoPaths, journal: CommitJournal): Promise<void> {
  const entries = (journal.paths ?? []).filter((entry) => entry.after !== entry.before);
  if (entries.length === 0) return;
  const staged = await stagedOids(paths, entries.map((entry) => entry.path));
  const tip = journal.ref ? readRef(paths.commonDir, journal.ref) : undefined;
  const tipTree = tip ? (await readCommit(repo.objects, tip)).tree : undefined;
  const ours: JournalPath[] = [];
  for (const entry of entries) {
    if ((staged.get(entry.path) ?? null) !== entry.after) continue;
    if (((await lookupPath(repo.trees, tipTree, entry.path))?.oid ?? null) === entry.after) continue;
    ours.push(entry);
  }
  if (ours.length === 0) return;
  const held = holdsIndexLock(paths.gitDir, journal.token);
  if (!held) await lockIndex(paths.gitDir, journal.token);
  try {
    // Exact entries, no stat data: git looks at those files afresh on its next status.
    await refreshIndex(paths, journal.token, ours.map((entry) => ({ path: entry.path, oid: entry.before, mode: entry.mode, exact: true })));
  } finally {
    if (!held) unlockIndex(paths.gitDir, journal.token);
  }
}

/** The operation is in: files still holding their old bytes get the new ones, and their index entries follow. */
async function rollForwardCommit(repo: NonNullable<RecoveryContext["repo"]>, filter: ContentFilter, paths: RepoPaths, journal: CommitJournal, entries: JournalPath[]): Promise<void> {
  const tip = readRef(paths.commonDir, journal.ref!);
  const tipTree = tip ? (await readCommit(repo.objects, tip)).tree : undefined;
  // Did we still hold the index the whole time? Then no one touched it since the crash.
  const held = holdsIndexLock(paths.gitDir, journal.token);
  if (!held) await lockIndex(paths.gitDir, journal.token);
  const staged = held ? undefined : await stagedOids(paths, entries.map((entry) => entry.path));
  const updates: IndexEntryUpdate[] = [];
  for (const entry of entries) {
    // Only where the branch still has our content: a later commit of someone else's wins.
    const atTip = (await lookupPath(repo.trees, tipTree, entry.path))?.oid ?? null;
    if (atTip !== entry.after) continue;
    const inIndex = staged ? (staged.get(entry.path) ?? null) : undefined;
    if (inIndex !== undefined && inIndex !== entry.before && inIndex !== entry.after) continue; // staged by the user since
    const file = join(paths.root, entry.path);
    const now = await workingState(filter, file, entry.path);
    const current = now?.blob;
    const stale = current === entry.before || current === entry.previous;
    if (now && stale && current !== entry.after) {
      const after = entry.after;
      if (after === null) tryQuietly(() => removeFileIf(file, now.holds));
      else if (!(await filter.checkout(entry.path, after).then((bytes) => replaceFileIf(file, bytes, now.holds), () => false))) continue;
    }
    const update: IndexEntryUpdate = { path: entry.path, oid: entry.after, mode: entry.mode };
    const written = stampOf(file);
    if (written) update.written = written;
    // A file holding an edit of someone else's: the index takes the committed blob, not the edit.
    if (!stale && current !== entry.after) update.exact = true;
    updates.push(update);
  }
  await refreshIndex(paths, journal.token, updates);
}

async function rollForwardFiles(journal: FilesJournal): Promise<void> {
  putBackAsides(
    journal.root,
    journal.files.map((entry) => ({ path: entry.path, blobs: [entry.before, entry.content === null ? null : hashObject("blob", Buffer.from(entry.content, "utf8"))] })),
  );
  for (const entry of journal.files) {
    const file = join(journal.root, entry.path);
    const after = entry.content === null ? null : hashObject("blob", Buffer.from(entry.content, "utf8"));
    // Best effort per file: a file that cannot be written now must not block every later operation.
    const bytes = tryQuietly(() => readWorking(file) ?? null);
    const current = bytes === undefined ? undefined : bytes && hashObject("blob", bytes);
    const holds = (now: Buffer | null): boolean => bytes !== undefined && sameBytes(now, bytes);
    if (current === entry.before && current !== after) {
      if (entry.content === null) tryQuietly(() => removeFileIf(file, holds));
      else tryQuietly(() => replaceFileIf(file, entry.content!, holds));
    }
    await removeAtomicTemps(file);
  }
}

/**
 * A process killed in the instant of a compare-and-swap left a task file aside
 * (store/replace-file.ts): it goes back first, so the rest of recovery sees the file. An aside
 * holding content the journal knows is dropped where the name is taken; any other is a save, kept.
 */
function putBackAsides(root: string, entries: readonly { path: string; blobs: readonly (string | null)[] }[]): void {
  const known = new Map<string, Set<string | null>>();
  for (const entry of entries) {
    const file = join(root, entry.path);
    known.set(file, new Set([...(known.get(file) ?? []), ...entry.blobs]));
  }
  for (const folder of new Set([...known.keys()].map((file) => dirname(file)))) {
    restoreAsides(folder, isAlive, (name, bytes) => bytes !== null && (known.get(join(folder, name))?.has(hashObject("blob", bytes)) ?? false));
  }
}

/**
 * A working file's blob as git would store it, and a test that the file still holds those very
 * bytes (for a compare-and-swap); undefined when it cannot be read.
 */
async function workingState(filter: ContentFilter, file: string, path: string): Promise<{ blob: string | null; holds: Holds } | undefined> {
  const bytes = tryQuietly(() => readWorking(file, path) ?? null);
  if (bytes === undefined) return undefined;
  const blob = bytes === null ? null : await filter.blobOf(path, bytes).catch(() => undefined);
  if (blob === undefined) return undefined;
  return { blob, holds: (now) => sameBytes(now, bytes) };
}

function tryQuietly<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}

/** The blob id of a working file's bytes, null when it does not exist; a FIFO or other non-file there is refused, never opened. */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise-returning face over the sync read, as callers use it
export async function fileOid(path: string): Promise<string | null> {
  const bytes = readWorking(path);
  return bytes ? hashObject("blob", bytes) : null;
}

/** `writeFileAtomic` writes `.<name>.<12 hex>.tmp` beside its target. */
async function removeAtomicTemps(file: string): Promise<void> {
  const folder = dirname(file);
  const prefix = `.${basename(file)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) await unlink(join(folder, name)).catch(() => undefined);
  }
}

/** Private files are named `backlog-<what>-<pid>-<hex>[.tmp|.lock]`: those of dead processes go. */
export function sweepDeadPrivateFiles(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\.?backlog-[a-z.-]+?-(\d+)-[0-9a-f]+(?:\.tmp|\.lock)?$/.exec(name);
    const pid = match ? Number(match[1]) : undefined;
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    try {
      unlinkSync(join(folder, name));
    } catch {
      // already gone
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
