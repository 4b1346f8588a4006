import { idFromBranch } from "../../domain/worktree-names.js";
import { BacklogError } from "../../domain/errors.js";
import { branchTip, isMergedInto, isPushed, isWorktreeClean, listGitWorktrees, removeWorktree, type WorktreeEntry } from "../../git/worktree-cli.js";
import type { Backlog } from "../backlog.js";
import { currentTask } from "../current.js";

/** What `done` (or `prune`) did with a task's worktree. The branch is never deleted. */
export interface WorktreeCleanup {
  branch: string;
  path: string;
  removed: boolean;
  /** Why the worktree stays. */
  reason?: string;
}

/** The task's branch and its tip before `done` commits, when it has one. */
export interface BranchBeforeDone {
  branch: string;
  tip: string;
}

/** Read before `done`: the tip decides "merged or pushed", because the completion commit `done` adds on the branch is never merged yet. */
export async function worktreeBeforeDone(backlog: Backlog, id: number): Promise<BranchBeforeDone | undefined> {
  if (!backlog.repo || !backlog.config.commit) return undefined;
  const here = currentTask(backlog).branch;
  const branch = backlog.index.get(id)?.branch ?? (here !== undefined && idFromBranch(here) === id ? here : undefined);
  if (!branch) return undefined;
  const tip = await branchTip(branch, backlog.root);
  return tip ? { branch, tip } : undefined;
}

/** After `done`: removes the task's worktree when that loses nothing, else says why it stays. Undefined when the branch has no worktree. */
export async function cleanupWorktree(backlog: Backlog, before: BranchBeforeDone): Promise<WorktreeCleanup | undefined> {
  const worktrees = await listGitWorktrees(backlog.root);
  const entry = worktrees.find((worktree) => worktree.branch === before.branch);
  const main = worktrees[0];
  if (!entry || !main || entry === main) return undefined; // never the main checkout
  return removeIfSafe(backlog, worktrees, entry, before.tip);
}

/**
 * The safety rule of SPEC §5: the worktree goes only when it is clean and the work on its branch
 * (up to `tip`) is merged into the base or pushed to the branch's upstream. The branch stays
 * either way, so what the worktree held is never lost, only its working files.
 */
export async function removeIfSafe(backlog: Backlog, worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, tip: string): Promise<WorktreeCleanup> {
  const branch = entry.branch ?? "";
  const outcome = { branch, path: entry.path };
  const reason = await keepReason(backlog, worktrees, entry, tip);
  if (reason) return { ...outcome, removed: false, reason };
  try {
    await removeWorktree(worktrees[0]?.path ?? backlog.root, entry.path);
  } catch (error) {
    return { ...outcome, removed: false, reason: error instanceof BacklogError ? error.message : String(error) };
  }
  return { ...outcome, removed: true };
}

async function keepReason(backlog: Backlog, worktrees: readonly WorktreeEntry[], entry: WorktreeEntry, tip: string): Promise<string | undefined> {
  if (!(await isWorktreeClean(entry.path))) return "it has uncommitted changes or untracked files; commit or stash them, then run `prune`";
  const base = baseBranch(backlog, worktrees);
  const branch = entry.branch ?? "";
  if (base && (await isMergedInto(tip, base, backlog.root))) return undefined;
  if (await isPushed(branch, tip, backlog.root)) return undefined;
  return `branch ${branch} is neither merged into ${base ?? "the base branch"} nor pushed to its upstream; push it (git push -u origin ${branch}) or merge it, then run \`prune\``;
}

/** The branch task branches are cut from and merged into: config `worktree.base`, else the main checkout's branch. */
export function baseBranch(backlog: Backlog, worktrees: readonly WorktreeEntry[]): string | undefined {
  return backlog.config.worktree.base ?? worktrees[0]?.branch;
}
