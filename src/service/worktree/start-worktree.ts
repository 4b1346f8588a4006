import { existsSync } from "node:fs";
import { basename, relative, sep } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { branchNameProblem, taskBranchName, worktreeFolderName, worktreeLocation } from "../../domain/worktree-names.js";
import { addWorktree, assertGitBranchName, branchExists, deleteBranchAt, listGitWorktrees, removeWorktree, type WorktreeEntry } from "../../git/worktree-cli.js";
import { recordWorktreeOwner, worktreeOwner } from "../../git/worktree-owner.js";
import { openBacklog, type Backlog } from "../backlog.js";
import { currentTask } from "../current.js";
import { claimFields } from "../operations/lifecycle.js";
import { actorName } from "../actor.js";
import { editTask, requireTask, taskRecord } from "../task-file.js";
import { transact } from "../transact.js";
import { branchGoneReason, staleEntryKeepReason } from "./cleanup.js";
import { samePath } from "./same-path.js";
import { worktreeFolderExists } from "./task-worktrees.js";

export interface WorktreeStart {
  task: Task;
  /** The claim commit on the base branch (absent when an existing claim was reused). */
  sha?: string;
  branch: string;
  /** Absolute path of the worktree. */
  path: string;
  base: string;
  /** An existing worktree of that branch was reused. */
  reused: boolean;
  /** The branch existed and its worktree folder was gone: the worktree was made again for it. */
  recreated?: boolean;
}

/**
 * `start <id> --worktree`: the claim (status, started, assignee, branch, worktree) is one commit
 * on the base branch, made in the checkout that has the base checked out, so the base's board
 * shows it; then the task branch is cut from that very commit and checked out in its own folder.
 * All of it under the clone-wide lock, so two agents cannot take one name. If git cannot create
 * the worktree after the claim, the claim is rolled back with a second commit: a board must not
 * point at a worktree that does not exist (the error says both commits happened). A worktree
 * whose folder is gone (see `WorktreeState`) is made again for its existing branch; a locked one,
 * or one whose branch was deleted, is refused with the way out. A worktree it creates is recorded
 * as the task's (git/worktree-owner.ts): only those are ever removed by `done` or `prune`.
 */
export async function startTaskInWorktree(backlog: Backlog, id: number, options: { force?: boolean; agent?: string } = {}): Promise<WorktreeStart> {
  if (!backlog.repo || !backlog.config.commit) {
    throw new BacklogError("refused", "a task worktree needs a git repository with `commit: true`: the claim is a commit the task branch starts from.");
  }
  const worktrees = await listGitWorktrees(backlog.root);
  const main = worktrees[0];
  const base = backlog.config.worktree.base ?? currentTask(backlog).branch;
  if (!main || !base) throw new BacklogError("refused", "a task worktree needs a base branch: check one out (HEAD is detached) or set `worktree.base` in the config.");
  const baseTree = worktrees.find((worktree) => worktree.branch === base);
  if (!baseTree) throw new BacklogError("refused", `the base branch ${base} is not checked out in any worktree, so the claim cannot be committed on it; check it out (git switch ${base}) or change \`worktree.base\`.`, { base });
  const owner = samePath(baseTree.path, backlog.root) ? backlog : await openBacklog({ cwd: baseTree.path, now: () => backlog.now(), ...(backlog.agent && { agent: backlog.agent }) });
  const agent = options.agent || (await actorName(owner));
  return owner.writer.withLock(async () => {
    await owner.refresh();
    const task = requireTask(owner, id);
    const branch = task.branch ?? taskBranchName(id, task.title, owner.config.branch.titleWords);
    await assertBranch(branch, owner.root);
    const planned = worktreeLocation(main.path, worktreeFolderName(basename(main.path), branch.replace(/\//g, "-"), owner.config.worktree.prefix), owner.config.worktree.root);
    const existing = (await listGitWorktrees(owner.root)).find((worktree) => worktree.branch === branch);
    // git's entry of a folder removed by hand: cleared (when that loses nothing) and the folder made again.
    const stale = existing && !worktreeFolderExists(existing.path) ? existing : undefined;
    if (stale) await assertStaleClearable(stale, id, owner.root);
    const live = stale ? undefined : existing;
    const newBranch = !(await branchExists(branch, owner.root));
    if (live && newBranch) throw new BacklogError("refused", `cannot start task ${id} in ${live.path}: ${await branchGoneReason(live, owner.root)}.`, { id, branch, path: live.path });
    const path = live?.path ?? planned;
    const stored = relative(main.path, path).split(sep).join("/");
    if (!live) await assertFree(branch, path, task, owner.root, stale !== undefined);
    const result = { branch, path, base, reused: live !== undefined, ...(!live && !newBranch && { recreated: true }) };
    const ours = task.status === "active" && task.branch === branch && (task.assignee === undefined || task.assignee === agent);
    if (live && ours) return { ...result, task }; // already claimed for this worktree: nothing to commit
    // Claimed already, its folder gone: only a moved folder needs a commit; else a new claim.
    const fields: FieldChanges = ours ? (task.worktree === stored ? {} : { worktree: stored }) : { ...claimFields(owner, task, { agent, ...(options.force !== undefined && { force: options.force }) }), branch, worktree: stored };
    const claim = Object.keys(fields).length === 0 ? undefined : await transact(owner, () => ({ changes: [editTask(owner, task, fields)], record: taskRecord("start", task), result: {} }), options.force ? { force: true } : {});
    if (!live) {
      await createOrRollBack(owner, task, { branch, path, stale, claimed: claim !== undefined, claimSha: claim?.sha, newBranch });
      // Only what is recorded here is ever removed; a reused worktree may be the user's and stays unrecorded.
      await recordWorktreeOwner(path, id);
    }
    return { ...result, task: requireTask(owner, id), ...(claim?.sha && { sha: claim.sha }) };
  });
}

/** An entry git-backlog did not make for this task, or a locked one, is the user's to clear; one that alone keeps a deleted branch's work from `git gc` stays. */
async function assertStaleClearable(stale: WorktreeEntry, id: number, cwd: string): Promise<void> {
  const branch = stale.branch ?? "";
  const owner = await worktreeOwner(stale.path, cwd);
  if (owner !== id) {
    const whose = owner === undefined ? `git-backlog did not create it` : `git-backlog created it for task ${owner}`;
    throw new BacklogError("refused", `cannot start task ${id} in a worktree: git lists a worktree of branch ${branch} at ${stale.path}, whose folder is gone, and ${whose}, so it leaves git's entry alone. Clear the entry yourself (git worktree remove ${stale.path}) and start again, or set the task's \`branch\` field to another name.`, { id, branch, path: stale.path });
  }
  if (stale.locked !== undefined) {
    const why = stale.locked ? ` (${stale.locked})` : "";
    throw new BacklogError("refused", `the worktree of ${branch} at ${stale.path} is locked${why} and its folder is not there; reconnect the drive it lives on, or unlock it (git worktree unlock ${stale.path}) and start again.`, { branch, path: stale.path });
  }
  const reason = await staleEntryKeepReason(stale, cwd);
  if (reason) throw new BacklogError("refused", `the worktree of ${branch} at ${stale.path} is gone: ${reason}.`, { branch, path: stale.path });
}

async function assertBranch(branch: string, cwd: string): Promise<void> {
  const problem = branchNameProblem(branch);
  if (problem) throw new BacklogError("invalid", `"${branch}" cannot be a task branch: ${problem}. Change the task's \`branch\` field.`, { branch });
  await assertGitBranchName(branch, cwd);
}

/** A branch or folder that exists for something else is refused, never overwritten. */
async function assertFree(branch: string, path: string, task: Task, cwd: string, hadWorktree: boolean): Promise<void> {
  // A branch this task already names, or that had this task's worktree (gone now), is checked out again, not refused.
  if ((await branchExists(branch, cwd)) && task.branch !== branch && !hadWorktree) {
    throw new BacklogError("refused", `branch ${branch} already exists and is not task ${task.id}'s; rename it (git branch -m ${branch} <other>) or set the task's \`branch\` field to another name.`, { branch });
  }
  if (existsSync(path)) {
    throw new BacklogError("refused", `${path} already exists and is not the worktree of ${branch}; move it away or set \`worktree.root\`.`, { path });
  }
}

interface CreatePlan {
  branch: string;
  path: string;
  /** git's stale entry for the branch's gone folder, cleared first. */
  stale: WorktreeEntry | undefined;
  /** A commit was made (claim, or the moved folder) that a failure rolls back. */
  claimed: boolean;
  claimSha: string | undefined;
  newBranch: boolean;
}

async function createOrRollBack(owner: Backlog, before: Task, plan: CreatePlan): Promise<void> {
  try {
    if (plan.stale) await removeWorktree(owner.root, plan.stale.path);
    await addWorktree(owner.root, plan.path, plan.branch, plan.newBranch ? (plan.claimSha ?? "HEAD") : undefined);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (!plan.claimed) throw new BacklogError("git", `the worktree for task ${before.id} could not be created (${why}); nothing was committed.`, { id: before.id, branch: plan.branch, path: plan.path });
    // `git worktree add -b` may have made the branch before it failed: drop it, as it holds nothing but the claim.
    if (plan.newBranch && plan.claimSha) await deleteBranchAt(plan.branch, plan.claimSha, owner.root);
    const undo: FieldChanges = { status: before.status, started: before.started ?? null, assignee: before.assignee ?? null, branch: before.branch ?? null, worktree: before.worktree ?? null };
    const claimed = requireTask(owner, before.id);
    const rollback = await transact(owner, () => ({ changes: [editTask(owner, claimed, undo)], record: taskRecord("stop", claimed), result: {} }), { force: true });
    throw new BacklogError("git", `the worktree for task ${before.id} could not be created (${why}); the claim (commit ${plan.claimSha?.slice(0, 12) ?? "?"}) was rolled back by commit ${rollback.sha?.slice(0, 12) ?? "?"}, so the task is ${before.status} again.`, { id: before.id, branch: plan.branch, path: plan.path });
  }
}
