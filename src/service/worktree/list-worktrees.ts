import { readFileSync } from "node:fs";
import { join } from "node:path";
import { idFromBranch } from "../../domain/worktree-names.js";
import type { Status, Task } from "../../domain/task.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { aheadBehind, branchTip, isMergedInto, isPushed, isWorktreeClean, listGitWorktrees, type WorktreeEntry } from "../../git/worktree-cli.js";
import type { Backlog } from "../backlog.js";
import { baseBranch, removeIfSafe, type WorktreeCleanup } from "./cleanup.js";

export interface TaskWorktree {
  id: number;
  title: string;
  /** The task's status on its own branch when that says more (done there, not yet merged). */
  status: Status;
  branch: string;
  path: string;
  clean: boolean;
  ahead?: number;
  behind?: number;
  merged: boolean;
  pushed: boolean;
}

/** The linked worktrees that belong to a task (by the task's `branch`, or the id the branch starts with), with their state against the base. */
export async function listTaskWorktrees(backlog: Backlog): Promise<{ base?: string; worktrees: TaskWorktree[] }> {
  if (!backlog.repo) return { worktrees: [] };
  const all = await listGitWorktrees(backlog.root);
  const base = baseBranch(backlog, all);
  const out: TaskWorktree[] = [];
  for (const { entry, task } of taskWorktrees(backlog, all)) {
    const branch = entry.branch ?? "";
    const tip = await branchTip(branch, backlog.root);
    const counts = base ? await aheadBehind(branch, base, backlog.root) : undefined;
    out.push({
      id: task.id,
      title: task.title,
      status: statusOnBranch(entry, task),
      branch,
      path: entry.path,
      clean: await isWorktreeClean(entry.path),
      ...counts,
      merged: Boolean(tip && base && (await isMergedInto(tip, base, backlog.root))),
      pushed: Boolean(tip && (await isPushed(branch, tip, backlog.root))),
    });
  }
  return { ...(base && { base }), worktrees: out };
}

/** `prune`: removes the worktrees of done tasks that are safe to remove; every other one is reported with the reason it stays. */
export async function pruneWorktrees(backlog: Backlog): Promise<WorktreeCleanup[]> {
  if (!backlog.repo) return [];
  const all = await listGitWorktrees(backlog.root);
  const results: WorktreeCleanup[] = [];
  for (const { entry, task } of taskWorktrees(backlog, all)) {
    const branch = entry.branch ?? "";
    const status = statusOnBranch(entry, task);
    const tip = await branchTip(branch, backlog.root);
    if (status !== "done") results.push({ branch, path: entry.path, removed: false, reason: `task ${task.id} is ${status}, not done` });
    else if (!tip) results.push({ branch, path: entry.path, removed: false, reason: `branch ${branch} has no commit` });
    else results.push(await removeIfSafe(backlog, all, entry, tip));
  }
  return results;
}

function taskWorktrees(backlog: Backlog, all: readonly WorktreeEntry[]): { entry: WorktreeEntry; task: Task }[] {
  const found: { entry: WorktreeEntry; task: Task }[] = [];
  for (const entry of all.slice(1)) {
    if (!entry.branch) continue;
    const byField = backlog.index.tasks().find((task) => task.branch === entry.branch);
    const id = idFromBranch(entry.branch);
    const byId = id === undefined ? undefined : backlog.index.get(id);
    const task = byField ?? (byId && (byId.branch === undefined || byId.branch === entry.branch) ? byId : undefined);
    if (task) found.push({ entry, task });
  }
  return found;
}

/** `done` inside a worktree is committed on the task branch: the base's copy still says active until the branch is merged. */
function statusOnBranch(entry: WorktreeEntry, task: Task): Status {
  if (task.status === "done") return task.status;
  try {
    return parseTaskFile(readFileSync(join(entry.path, task.path), "utf8"), task.path).task?.status ?? task.status;
  } catch {
    return task.status;
  }
}
