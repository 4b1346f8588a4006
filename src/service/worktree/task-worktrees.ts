import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { idFromBranch } from "../../domain/worktree-names.js";
import type { Status, Task } from "../../domain/task.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { branchTip, fileAtCommit, lastCheckedOutCommit, type WorktreeEntry } from "../../git/worktree-cli.js";
import type { Backlog } from "../backlog.js";
import { openBaseSide, taskFileOnBase } from "./base-branch.js";

/**
 * What a task's worktree is, seen from git and the file system:
 * - `present`: the folder and the branch are there;
 * - `missing`: the folder is gone (removed by hand); git may still list it as prunable, or only
 *   the task's `worktree` field names it. `prune` clears git's stale entry, `start --worktree`
 *   makes the folder again for the branch;
 * - `locked`: git holds it locked (`git worktree lock`): nothing here removes or replaces it;
 * - `branch-missing`: the folder is there but its branch was deleted: the folder holds the only
 *   checkout of that work, so it is kept until the branch is restored or the user removes it.
 */
export type WorktreeState = "present" | "missing" | "locked" | "branch-missing";

export interface FoundWorktree {
  task: Task;
  branch: string;
  /** Absolute path: git's, or the task's `worktree` field resolved against the main checkout. */
  path: string;
  /** Git's entry; undefined when only the task's `worktree` field names the folder. */
  entry?: WorktreeEntry;
  state: WorktreeState;
  /** The folder exists. */
  exists: boolean;
  /** The branch's commit; undefined when the branch is gone. */
  tip?: string;
  /** With the branch gone: the last commit the worktree had checked out (from its HEAD reflog). */
  lastCommit?: string;
  /**
   * The task's status on the base branch's board, from wherever this runs: the lifecycle steps
   * taken in a task worktree are committed on the base too, so the base is the one place that is
   * true (the branch keeps the claim it was cut with until the next step there). The status here
   * when the base does not have the task.
   */
  status: Status;
}

/** The worktree is there: its folder still has the `.git` link git made (git calls it prunable when not). */
export function worktreeFolderExists(path: string): boolean {
  return existsSync(join(path, ".git"));
}

/** The state of git's entry for a task worktree: a lock wins (hands off), then a gone folder, then a gone branch. */
export function worktreeState(entry: WorktreeEntry, exists: boolean, branchExists: boolean): WorktreeState {
  if (entry.locked !== undefined) return "locked";
  if (!exists) return "missing";
  return branchExists ? "present" : "branch-missing";
}

/**
 * The worktrees that belong to tasks: every linked worktree git lists whose branch is a task's
 * (by the task's `branch`, or the id the branch starts with), then the open tasks whose
 * `branch` and `worktree` fields name a folder that is gone and that git no longer lists.
 */
export async function findTaskWorktrees(backlog: Backlog, all: readonly WorktreeEntry[]): Promise<FoundWorktree[]> {
  const found: FoundWorktree[] = [];
  const main = all[0];
  const base = await openBaseSide(backlog, all);
  const statusOnBase = async (task: Task): Promise<Status> => (base && (await taskFileOnBase(base, task.id, backlog.config.dir, backlog.root))?.task?.status) ?? task.status;
  for (const entry of all.slice(1)) {
    if (!entry.branch) continue;
    const task = taskOfBranch(backlog, entry.branch);
    if (!task) continue;
    const tip = await branchTip(entry.branch, backlog.root);
    const exists = worktreeFolderExists(entry.path);
    const state = worktreeState(entry, exists, tip !== undefined);
    const lastCommit = tip ? undefined : await lastCheckedOutCommit(entry.path, backlog.root);
    const status = await statusOnBase(task);
    found.push({ task, branch: entry.branch, path: entry.path, entry, state, exists, status, ...(tip && { tip }), ...(lastCommit && { lastCommit }) });
  }
  if (!main) return found;
  const listed = new Set(all.map((entry) => entry.branch));
  for (const task of backlog.index.tasks()) {
    if (!task.branch || !task.worktree || listed.has(task.branch)) continue;
    if (task.status === "done" || task.status === "deleted") continue; // `done` removed it, as it should
    const path = resolve(main.path, task.worktree);
    if (existsSync(path)) continue; // a folder git does not know is not a worktree of ours
    const tip = await branchTip(task.branch, backlog.root);
    const status = await statusOnBase(task);
    if (status === "done" || status === "deleted") continue; // `done` in the worktree removed it
    if (await finishedOnBranch(backlog, task, tip)) continue; // the same, committed on the branch alone (an older version, or the base refused it)
    found.push({ task, branch: task.branch, path, state: "missing", exists: false, status, ...(tip && { tip }) });
  }
  return found;
}

function taskOfBranch(backlog: Backlog, branch: string): Task | undefined {
  const byField = backlog.index.tasks().find((task) => task.branch === branch);
  const id = idFromBranch(branch);
  const byId = id === undefined ? undefined : backlog.index.get(id);
  return byField ?? (byId && (byId.branch === undefined || byId.branch === branch) ? byId : undefined);
}

async function finishedOnBranch(backlog: Backlog, task: Task, tip: string | undefined): Promise<boolean> {
  const text = tip && (await fileAtCommit(tip, task.path, backlog.root));
  const status = text ? parseTaskFile(text, task.path).task?.status : undefined;
  return status === "done" || status === "deleted";
}
