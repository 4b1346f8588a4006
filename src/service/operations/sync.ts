import { BacklogError } from "../../domain/errors.js";
import {
  changedTaskFiles,
  commitFiles,
  driverCommand,
  fetchUpstream,
  gitText,
  mergeUpstream,
  pushUpstream,
  readMergeDriver,
  repoEnv,
  syncTarget,
  type DriverProgram,
  type SyncTarget,
} from "../../git/index.js";
import { HAND_EDIT_OP } from "../../store/writer.js";
import { idFromFileName } from "../../domain/task-id.js";
import type { Backlog } from "../backlog.js";
import { allocateId } from "../ids.js";
import { transact } from "../transact.js";
import { diffFiles, type BacklogDiff } from "./diff.js";
import { freePath } from "./doctor.js";
import { duplicateSides, renumberDuplicates } from "./renumber-duplicates.js";

export interface SyncOptions {
  /** The remote to sync with instead of the upstream's (the branch of the same name there). */
  remote?: string;
  /** Fetch and merge, but do not push. */
  push?: boolean;
  /** This installation, for the merge driver when the clone's config has none. */
  driver: DriverProgram;
}

/** `sync`'s answer (docs/reference/cli.md, "sync"; the JSON shape is this object). */
export interface SyncResult {
  branch: string;
  upstream: string;
  /** The hand edits committed first, when task files differed from HEAD. */
  handEdits?: { sha: string; files: string[] };
  merge: "up-to-date" | "fast-forward" | "merged";
  /** Tasks that arrived with an id this branch already used, and the id each has now. */
  renumbered: { path: string; from: number; to: number }[];
  pushed: boolean;
  /** Fetch-merge-push rounds: more than one when the remote moved during a push. */
  attempts: number;
  /** What the sync brought in (and renumbered): the diff from this branch before it to after it. */
  incoming: BacklogDiff;
}

/** Rounds of fetch, merge and push before sync gives up on a remote that keeps moving. */
const MAX_ATTEMPTS = 5;

/**
 * `git-backlog sync` (docs/reference/cli.md, "sync"): commits the task files edited by hand,
 * fetches the upstream, merges it with the task-file driver, gives every task that arrived with
 * an id this branch already used a new one (one commit), and pushes, again from the fetch when
 * the remote moved meanwhile. Under the writer's lock, so no operation of ours interleaves.
 * Refused with nothing changed on a detached HEAD, a merge or rebase in progress, no upstream, or
 * changes staged outside the task folder; a true conflict stops with the merge left in progress.
 */
export async function syncBacklog(backlog: Backlog, options: SyncOptions): Promise<SyncResult> {
  const repo = backlog.repo;
  if (!repo) throw new BacklogError("git", `sync works through git, and ${backlog.root} is not in a git repository.`);
  const dir = backlog.config.dir;
  const prefix = backlog.config.commitPrefix;
  return backlog.writer.withLock(async () => {
    const target = await syncTarget(repo, dir, options.remote);
    await backlog.refresh();
    const handEdits = await commitHandEdits(backlog, prefix);
    const start = await headOf(backlog);
    const registered = await readMergeDriver(repo);
    const driver = registered ? undefined : driverCommand(options.driver);
    let renumbered: SyncResult["renumbered"];
    let merge: SyncResult["merge"];
    let pushed = false;
    let attempts = 0;
    for (;;) {
      attempts++;
      await fetchUpstream(repo, target);
      const merged = await mergeUpstream(repo, target, driver);
      if (merged.kind === "conflict") throw conflict(target, merged.files);
      merge = merged.kind;
      await backlog.refresh();
      renumbered = await renumberArrived(backlog, target);
      const ours = await headOf(backlog);
      if (options.push === false) break;
      const push = await pushUpstream(repo, target);
      if (push.kind !== "rejected") {
        pushed = push.kind === "pushed";
        break;
      }
      if (attempts >= MAX_ATTEMPTS) {
        throw new BacklogError("conflict", `the remote kept moving: ${attempts} pushes to ${target.tracking} were rejected. What arrived is merged and committed here; run sync again.`);
      }
      // The remote moved: another clone pushed, perhaps having renumbered the same tasks the
      // other way. Our merge and renumbering were never published: they are dropped, and the
      // next round merges our own work afresh with what the remote has now.
      await dropUnpublished(backlog, start, ours);
    }
    const end = await headOf(backlog);
    const incoming = diffFiles({ spec: `${start.slice(0, 10)}..${end.slice(0, 10)}`, from: start, to: end }, start === end ? [] : await changedTaskFiles(repo, dir, { spec: "", from: start, to: end }));
    return { branch: target.branch, upstream: target.tracking, ...(handEdits && { handEdits }), merge, renumbered, pushed, attempts, incoming };
  });
}

/**
 * Moves the branch back to `start` (what it was before this sync's merge), keeping the working
 * tree's other changes (`git reset --keep`), when HEAD is still the `ours` this sync made: a
 * commit someone else made meanwhile is never dropped (the next round then merges on top).
 */
async function dropUnpublished(backlog: Backlog, start: string, ours: string): Promise<void> {
  const repo = backlog.repo!;
  if (ours === start || (await headOf(backlog)) !== ours) return;
  await gitText(["reset", "--quiet", "--keep", start], { cwd: repo.root, env: repoEnv(repo) });
  await backlog.refresh();
}

async function headOf(backlog: Backlog): Promise<string> {
  const repo = backlog.repo!;
  return (await gitText(["rev-parse", "HEAD"], { cwd: repo.root, env: repoEnv(repo) })).trim();
}

/** Task files that differ from HEAD (edited, added or deleted by hand), committed as they are, alone. */
async function commitHandEdits(backlog: Backlog, prefix: string): Promise<SyncResult["handEdits"]> {
  const repo = backlog.repo!;
  const head = await headOf(backlog);
  const files = (await changedTaskFiles(repo, backlog.config.dir, { spec: "HEAD", from: head })).map((file) => file.path);
  if (files.length === 0) return undefined;
  const ids = files.map((path) => backlog.index.file(path)?.task?.id ?? idFromFileName(path.slice(path.lastIndexOf("/") + 1))).filter((id): id is number => id !== undefined);
  const subject = files.length === 1 && ids.length === 1 ? `edit #${ids[0]} (by hand)` : `edit ${files.length} task files (by hand)`;
  const sha = await commitFiles(repo, files, prefix, { op: HAND_EDIT_OP, subject, taskIds: [...new Set(ids)], ...(backlog.agent && { agent: backlog.agent }) });
  return { sha, files };
}

/**
 * The tasks the merge brought in with an id this branch already used get the next free ids, and
 * the references meant for them follow (domain/duplicate-ids.ts): one commit,
 * `renumber #24 → #26 (duplicate from origin/main)`.
 */
async function renumberArrived(backlog: Backlog, target: SyncTarget): Promise<SyncResult["renumbered"]> {
  const ids = new Map<number, number>();
  for (const task of backlog.index.tasks()) ids.set(task.id, (ids.get(task.id) ?? 0) + 1);
  if (![...ids.values()].some((count) => count > 1)) return [];
  const sideOf = await duplicateSides(backlog);
  return transact(backlog, async () => {
    const taken = new Set(backlog.index.files().map((file) => file.path));
    const plan = renumberDuplicates(backlog, await allocateId(backlog), (name, current) => freePath(backlog, name, taken, current), sideOf ? { sideOf } : {});
    const [first] = plan.renumbered;
    const subject =
      plan.renumbered.length === 1 && first ? `renumber #${first.from} → #${first.to} (duplicate from ${target.tracking})` : `renumber ${plan.renumbered.length} tasks (duplicates from ${target.tracking})`;
    return { changes: plan.changes, moves: plan.moves, record: { op: "renumber", subject, taskIds: plan.ids, trailers: plan.trailers }, result: { renumbered: plan.renumbered } };
  }).then((done) => done.renumbered);
}

function conflict(target: SyncTarget, files: readonly string[]): BacklogError {
  return new BacklogError(
    "conflict",
    `merging ${target.tracking} stopped on a conflict in ${files.join(", ")}: both sides changed the same lines. The merge is left in progress for you:\n` +
      `  1. edit ${files.length === 1 ? "the file" : "the files"} (look for <<<<<<< and >>>>>>>), then \`git add ${files.join(" ")}\`\n` +
      "  2. `git commit` to finish the merge\n" +
      "  3. `git-backlog sync` again, to renumber, push and report\n" +
      "Or `git merge --abort` to go back to where you were before sync.",
    { files: [...files] },
  );
}
