import { existsSync, realpathSync } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { branchNameProblem, taskBranchName, worktreeFolderName, worktreeLocation } from "../../domain/worktree-names.js";
import { addWorktree, assertGitBranchName, branchExists, deleteBranchAt, listGitWorktrees } from "../../git/worktree-cli.js";
import { openBacklog, type Backlog } from "../backlog.js";
import { currentTask } from "../current.js";
import { claimFields } from "../operations/lifecycle.js";
import { noteAuthor } from "../operations/notes.js";
import { editTask, requireTask, taskRecord } from "../task-file.js";
import { transact } from "../transact.js";

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
}

/**
 * `start <id> --worktree`: the claim (status, started, assignee, branch, worktree) is one commit
 * on the base branch, made in the checkout that has the base checked out, so the base's board
 * shows it; then the task branch is cut from that very commit and checked out in its own folder.
 * All of it under the clone-wide lock, so two agents cannot take one name. If git cannot create
 * the worktree after the claim, the claim is rolled back with a second commit: a board must not
 * point at a worktree that does not exist (the error says both commits happened).
 */
export async function startTaskInWorktree(backlog: Backlog, id: number, options: { force?: boolean; agent?: string } = {}): Promise<WorktreeStart> {
  if (!backlog.repo || !backlog.config.commit) {
    throw new BacklogError("refused", "start --worktree needs a git repository with `commit: true`: the claim is a commit the task branch starts from.");
  }
  const worktrees = await listGitWorktrees(backlog.root);
  const main = worktrees[0];
  const base = backlog.config.worktree.base ?? currentTask(backlog).branch;
  if (!main || !base) throw new BacklogError("refused", "start --worktree needs a base branch: check one out (HEAD is detached) or set `worktree.base` in the config.");
  const baseTree = worktrees.find((worktree) => worktree.branch === base);
  if (!baseTree) throw new BacklogError("refused", `the base branch ${base} is not checked out in any worktree, so the claim cannot be committed on it; check it out (git switch ${base}) or change \`worktree.base\`.`, { base });
  const owner = samePath(baseTree.path, backlog.root) ? backlog : await openBacklog({ cwd: baseTree.path, now: () => backlog.now(), ...(backlog.agent && { agent: backlog.agent }) });
  const agent = options.agent || owner.agent || noteAuthor(owner);
  return owner.writer.withLock(async () => {
    await owner.refresh();
    const task = requireTask(owner, id);
    const branch = task.branch ?? taskBranchName(id, task.title, owner.config.branch.titleWords);
    await assertBranch(branch, owner.root);
    const planned = worktreeLocation(main.path, worktreeFolderName(basename(main.path), branch.replace(/\//g, "-"), owner.config.worktree.prefix), owner.config.worktree.root);
    const existing = (await listGitWorktrees(owner.root)).find((worktree) => worktree.branch === branch);
    const path = existing?.path ?? planned;
    const stored = relative(main.path, path).split(sep).join("/");
    if (!existing) await assertFree(branch, path, task, owner.root);
    const result = { branch, path, base, reused: existing !== undefined };
    if (existing && task.status === "active" && task.branch === branch && (task.assignee === undefined || task.assignee === agent)) {
      return { ...result, task }; // already claimed for this worktree: nothing to commit
    }
    const fields: FieldChanges = { ...claimFields(owner, task, { agent, ...(options.force !== undefined && { force: options.force }) }), branch, worktree: stored };
    const claim = await transact(owner, () => ({ changes: [editTask(owner, task, fields)], record: taskRecord("start", task), result: {} }), options.force ? { force: true } : {});
    if (!existing) await createOrRollBack(owner, task, { branch, path, claimSha: claim.sha, newBranch: !(await branchExists(branch, owner.root)) });
    return { ...result, task: requireTask(owner, id), ...(claim.sha && { sha: claim.sha }) };
  });
}

async function assertBranch(branch: string, cwd: string): Promise<void> {
  const problem = branchNameProblem(branch);
  if (problem) throw new BacklogError("invalid", `"${branch}" cannot be a task branch: ${problem}. Change the task's \`branch\` field.`, { branch });
  await assertGitBranchName(branch, cwd);
}

/** A branch or folder that exists for something else is refused, never overwritten. */
async function assertFree(branch: string, path: string, task: Task, cwd: string): Promise<void> {
  // A branch this task already names (its worktree was removed) is checked out again, not refused.
  if ((await branchExists(branch, cwd)) && task.branch !== branch) {
    throw new BacklogError("refused", `branch ${branch} already exists and is not task ${task.id}'s; rename it (git branch -m ${branch} <other>) or set the task's \`branch\` field to another name.`, { branch });
  }
  if (existsSync(path)) {
    throw new BacklogError("refused", `${path} already exists and is not the worktree of ${branch}; move it away or set \`worktree.root\`.`, { path });
  }
}

async function createOrRollBack(owner: Backlog, before: Task, plan: { branch: string; path: string; claimSha: string | undefined; newBranch: boolean }): Promise<void> {
  try {
    await addWorktree(owner.root, plan.path, plan.branch, plan.newBranch ? (plan.claimSha ?? "HEAD") : undefined);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // `git worktree add -b` may have made the branch before it failed: drop it, as it holds nothing but the claim.
    if (plan.newBranch && plan.claimSha) await deleteBranchAt(plan.branch, plan.claimSha, owner.root);
    const undo: FieldChanges = { status: before.status, started: before.started ?? null, assignee: before.assignee ?? null, branch: before.branch ?? null, worktree: before.worktree ?? null };
    const claimed = requireTask(owner, before.id);
    const rollback = await transact(owner, () => ({ changes: [editTask(owner, claimed, undo)], record: taskRecord("stop", claimed), result: {} }), { force: true });
    throw new BacklogError("git", `the worktree for task ${before.id} could not be created (${why}); the claim (commit ${plan.claimSha?.slice(0, 12) ?? "?"}) was rolled back by commit ${rollback.sha?.slice(0, 12) ?? "?"}, so the task is ${before.status} again.`, { id: before.id, branch: plan.branch, path: plan.path });
  }
}

function samePath(a: string, b: string): boolean {
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(a) === real(b);
}
