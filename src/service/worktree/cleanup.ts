import { idFromBranch } from "../../domain/worktree-names.js";
import { BacklogError } from "../../domain/errors.js";
import { notDisposable } from "../../domain/disposable-files.js";
import { branchTip, ignoredFiles, isMergedInto, isPushed, isReachable, isWorktreeClean, lastCheckedOutCommit, listGitWorktrees, listRemotes, removeWorktree, type WorktreeEntry } from "../../git/worktree-cli.js";
import { worktreeOwner } from "../../git/worktree-owner.js";
import type { Backlog } from "../backlog.js";
import { currentTask } from "../current.js";
import { baseBranch } from "./base-branch.js";
import { samePath } from "./same-path.js";
import { worktreeFolderExists, worktreeState, type WorktreeState } from "./task-worktrees.js";

/**
 * What `done` (or `prune`) did with a task's worktree. The branch is never deleted, and neither
 * is the task's `worktree` field: it records where the work was done, as `branch` does.
 */
export interface WorktreeCleanup {
  branch: string;
  path: string;
  /** The state it was found in (see `WorktreeState`). */
  state: WorktreeState;
  /** The folder was removed, or (state `missing`) git's stale entry for the gone folder was cleared. */
  removed: boolean;
  /** Why the worktree stays. */
  reason?: string;
}

/** The task's branch and its tip before a lifecycle step commits, when it has one. */
export interface BranchBeforeStep {
  id: number;
  branch: string;
  tip: string;
}

/** Read before `done` (or `stop`, `delete`): the tip decides "merged or pushed", because the commit the step adds on the branch is never merged yet. */
export async function worktreeBeforeStep(backlog: Backlog, id: number): Promise<BranchBeforeStep | undefined> {
  if (!backlog.repo || !backlog.config.commit) return undefined;
  const here = currentTask(backlog).branch;
  const branch = backlog.index.get(id)?.branch ?? (here !== undefined && idFromBranch(here) === id ? here : undefined);
  if (!branch) return undefined;
  const tip = await branchTip(branch, backlog.root);
  return tip ? { id, branch, tip } : undefined;
}

/** After the step: removes the task's worktree when that loses nothing, else says why it stays. Undefined when the branch has no worktree. */
export async function cleanupWorktree(backlog: Backlog, before: BranchBeforeStep): Promise<WorktreeCleanup | undefined> {
  const worktrees = await listGitWorktrees(backlog.root);
  const entry = worktrees.find((worktree) => worktree.branch === before.branch);
  const main = worktrees[0];
  if (!entry || !main || entry === main) return undefined; // never the main checkout
  const tip = await branchTip(before.branch, backlog.root);
  return settleWorktree(backlog, worktrees, { entry, id: before.id, state: worktreeState(entry, worktreeFolderExists(entry.path), tip !== undefined), tip: before.tip });
}

/** A task worktree git lists, as `done` and `prune` weigh it: whose task, in what state, its branch's tip. */
export interface SettleTarget {
  entry: WorktreeEntry;
  /** The task whose `done` or `prune` this is. */
  id: number;
  state: WorktreeState;
  tip: string | undefined;
}

/** `force`: remove a worktree that is safe but for ignored files outside `worktree.disposable` (`prune --force`). */
export interface SettleOptions {
  force?: boolean;
}

/**
 * What `done` and `prune` do with a task worktree git lists: one git-backlog did not create for
 * this task is kept whatever its state (the task's fields may point anywhere); a locked one or
 * one whose branch is gone is kept and the reason says how to go on; a gone folder's stale entry
 * is cleared; a present one goes only when that loses nothing (`removeIfSafe`).
 */
export async function settleWorktree(backlog: Backlog, worktrees: readonly WorktreeEntry[], target: SettleTarget, options: SettleOptions = {}): Promise<WorktreeCleanup> {
  const { entry, state, tip } = target;
  const branch = entry.branch ?? "";
  const outcome = { branch, path: entry.path, state };
  const notOurs = await notOursReason(entry, target.id, backlog.root);
  if (notOurs) return { ...outcome, removed: false, reason: notOurs };
  if (state === "locked") {
    const why = entry.locked ? ` (${entry.locked})` : "";
    return { ...outcome, removed: false, reason: `git has this worktree locked${why}; if it should go, unlock it (git worktree unlock ${entry.path}), then run \`prune\`` };
  }
  if (state === "branch-missing") return { ...outcome, removed: false, reason: await branchGoneReason(entry, backlog.root) };
  if (state === "missing") {
    const reason = await staleEntryKeepReason(entry, backlog.root);
    if (reason) return { ...outcome, removed: false, reason };
    return removeEntry(worktrees, entry, outcome, backlog.root);
  }
  if (!tip) return { ...outcome, removed: false, reason: `branch ${branch} has no commit` };
  return removeIfSafe(backlog, worktrees, entry, tip, options);
}

/** Only the worktree `start --worktree` created for this very task may go (recorded in git's admin entry, see worktree-owner.ts). */
async function notOursReason(entry: WorktreeEntry, id: number, cwd: string): Promise<string | undefined> {
  const owner = await worktreeOwner(entry.path, cwd);
  if (owner === id) return undefined;
  if (owner !== undefined) return `git-backlog created it for task ${owner}, not task ${id}, so only task ${owner}'s done or \`git-backlog prune\` removes it`;
  return `git-backlog did not create it for task ${id}, so it never removes it (only the worktrees a start with a worktree made and recorded go); remove it yourself when you are done with it (git worktree remove ${entry.path})`;
}

/**
 * Why git's stale entry of a gone folder must stay, or undefined when clearing it loses nothing:
 * with the branch still there it holds no commit of its own; with the branch gone too, its HEAD
 * reflog may be the last thing that keeps the work from `git gc`.
 */
export async function staleEntryKeepReason(entry: WorktreeEntry, cwd: string): Promise<string | undefined> {
  const branch = entry.branch ?? "";
  if (await branchTip(branch, cwd)) return undefined;
  const last = await lastCheckedOutCommit(entry.path, cwd);
  if (!last || (await isReachable(last, cwd))) return undefined;
  return `its folder is gone and so is branch ${branch}; its last commit ${last.slice(0, 12)} is kept from \`git gc\` only by git's entry for this worktree. Restore the branch (git branch ${branch} ${last}) and run \`git-backlog prune\` again, or drop that work yourself with \`git worktree prune\``;
}

export async function branchGoneReason(entry: WorktreeEntry, cwd: string): Promise<string> {
  const branch = entry.branch ?? "";
  const last = await lastCheckedOutCommit(entry.path, cwd);
  const restore = last ? `restore it (git branch ${branch} ${last})` : `restore it (git branch ${branch} <commit>)`;
  return `branch ${branch} was deleted, and this folder holds the only checkout of its work${last ? ` (last commit ${last.slice(0, 12)})` : ""}; ${restore}, or remove the folder yourself (git worktree remove ${entry.path})`;
}

/**
 * The safety rule (docs/reference/git.md, "Task branches and worktrees"): the worktree goes only when it is clean, holds no ignored file
 * outside `worktree.disposable` (unless forced), and the work on its branch (up to `tip`) is
 * merged into the base or pushed to the branch's upstream. The branch stays either way, so what
 * the worktree held is never lost, only its working files.
 */
async function removeIfSafe(backlog: Backlog, worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, tip: string, options: SettleOptions): Promise<WorktreeCleanup> {
  const outcome = { branch: entry.branch ?? "", path: entry.path, state: "present" as const };
  const reason = await keepReason(backlog, worktrees, entry, tip, options);
  if (reason) return { ...outcome, removed: false, reason };
  return removeEntry(worktrees, entry, outcome, backlog.root);
}

async function removeEntry(worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, outcome: Omit<WorktreeCleanup, "removed">, root: string): Promise<WorktreeCleanup> {
  try {
    await removeWorktree(worktrees[0]?.path ?? root, entry.path);
  } catch (error) {
    return { ...outcome, removed: false, reason: error instanceof BacklogError ? error.message : String(error) };
  }
  return { ...outcome, removed: true };
}

async function keepReason(backlog: Backlog, worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, tip: string, options: SettleOptions): Promise<string | undefined> {
  const reason = (await unsafeReason(backlog, worktrees, entry, tip)) ?? (options.force ? undefined : await ignoredFilesReason(backlog, entry));
  if (reason) return reason;
  // Safe to remove, but an MCP server started in it would lose its own folder mid-session.
  if (backlog.longRunning && samePath(entry.path, backlog.root)) {
    return "this MCP server runs in this worktree, so it stays while the session lasts; run `git-backlog prune` from the main checkout afterwards";
  }
  return undefined;
}

async function unsafeReason(backlog: Backlog, worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, tip: string): Promise<string | undefined> {
  if (!(await isWorktreeClean(entry.path))) return "it has uncommitted changes or untracked files; commit or stash them, then run `git-backlog prune`";
  const base = baseBranch(backlog, worktrees);
  const branch = entry.branch ?? "";
  if (base && (await isMergedInto(tip, base, backlog.root))) return undefined;
  if (await isPushed(branch, tip, backlog.root)) return undefined;
  return `branch ${branch} is neither merged into ${base ?? "the base branch"} nor pushed to its upstream; ${await pushOrMerge(branch, backlog.root)}, then run \`git-backlog prune\``;
}

/** The way out: push to a remote this repository really has (origin when there is one), or merge when it has none. */
async function pushOrMerge(branch: string, cwd: string): Promise<string> {
  const remotes = await listRemotes(cwd);
  const remote = remotes.includes("origin") ? "origin" : remotes[0];
  if (remote === undefined) return "this repository has no remote to push to, so merge it";
  return `push it (git push -u ${remote} ${branch}) or merge it`;
}

/** `git worktree remove` deletes ignored files without asking: a `.env` or local data keeps the worktree, naming the first few. */
async function ignoredFilesReason(backlog: Backlog, entry: WorktreeEntry): Promise<string | undefined> {
  const kept = notDisposable(await ignoredFiles(entry.path), backlog.config.worktree.disposable);
  if (kept.length === 0) return undefined;
  const shown = 5;
  const named = kept.length > shown ? `${kept.slice(0, shown).join(", ")} and ${kept.length - shown} more` : kept.join(", ");
  return `it holds ignored files git would delete with it: ${named}; move out what you need, list the rest in \`worktree.disposable\` (.backlog), or remove it with them: \`git-backlog prune --force\``;
}
