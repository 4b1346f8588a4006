import type { Status } from "../../domain/task.js";
import { aheadBehind, isMergedInto, isPushed, isWorktreeClean, listGitWorktrees } from "../../git/worktree-cli.js";
import type { Backlog } from "../backlog.js";
import { baseBranch } from "./base-branch.js";
import { settleWorktree, type SettleOptions, type WorktreeCleanup } from "./cleanup.js";
import { findTaskWorktrees, type WorktreeState } from "./task-worktrees.js";

export interface TaskWorktree {
  id: number;
  title: string;
  /** The task's status on the base branch's board (see `FoundWorktree.status`). */
  status: Status;
  branch: string;
  path: string;
  state: WorktreeState;
  /** Git lists the worktree; false when only the task's `worktree` field names the (gone) folder. */
  registered: boolean;
  /** Git's lock reason ("" when locked without one); absent when not locked. */
  locked?: string;
  branchExists: boolean;
  /** With the branch gone: the last commit the worktree had checked out. */
  lastCommit?: string;
  /** No uncommitted changes or untracked files; absent when the folder is gone. */
  clean?: boolean;
  ahead?: number;
  behind?: number;
  /** The branch's work (its tip, or the last commit when the branch is gone) is in the base. */
  merged: boolean;
  pushed: boolean;
}

/** The worktrees that belong to tasks (including those whose folder or branch is gone), with their state against the base. */
export async function listTaskWorktrees(backlog: Backlog): Promise<{ base?: string; worktrees: TaskWorktree[] }> {
  if (!backlog.repo) return { worktrees: [] };
  const all = await listGitWorktrees(backlog.root);
  const base = baseBranch(backlog, all);
  const out: TaskWorktree[] = [];
  for (const found of await findTaskWorktrees(backlog, all)) {
    const { task, branch, tip, lastCommit } = found;
    const counts = tip && base ? await aheadBehind(branch, base, backlog.root) : undefined;
    const work = tip ?? lastCommit;
    out.push({
      id: task.id,
      title: task.title,
      status: found.status,
      branch,
      path: found.path,
      state: found.state,
      registered: found.entry !== undefined,
      ...(found.entry?.locked !== undefined && { locked: found.entry.locked }),
      branchExists: tip !== undefined,
      ...(lastCommit && { lastCommit }),
      ...(found.exists && { clean: await isWorktreeClean(found.path) }),
      ...counts,
      merged: Boolean(work && base && (await isMergedInto(work, base, backlog.root))),
      pushed: Boolean(tip && (await isPushed(branch, tip, backlog.root))),
    });
  }
  return { ...(base && { base }), worktrees: out };
}

/**
 * `prune`: removes the worktrees git-backlog created for done tasks that are safe to remove and
 * clears git's stale entries of the folders it created that are gone (whatever the task's
 * status: nothing is left in them to lose); every other worktree git lists is reported with the
 * reason it stays. A gone folder that git no longer lists (only the task's `worktree` field names
 * it) needs nothing from git and is left out. `force` lets ignored files go (see `SettleOptions`).
 */
export async function pruneWorktrees(backlog: Backlog, options: SettleOptions = {}): Promise<WorktreeCleanup[]> {
  if (!backlog.repo) return [];
  const all = await listGitWorktrees(backlog.root);
  const results: WorktreeCleanup[] = [];
  for (const { entry, task, state, status, tip } of await findTaskWorktrees(backlog, all)) {
    if (!entry) continue;
    if (state === "present" && status !== "done") results.push({ branch: entry.branch ?? "", path: entry.path, state, removed: false, reason: `task ${task.id} is ${status}, not done` });
    else results.push(await settleWorktree(backlog, all, { entry, id: task.id, state, tip }, options));
  }
  return results;
}
