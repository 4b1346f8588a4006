import { readHead } from "../git/ref-store.js";
import { idFromBranch } from "../domain/worktree-names.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";

/**
 * The branch this checkout is on (undefined: detached HEAD or no repository) and its task: the
 * task whose `branch` field names it, else the task whose id the branch name starts with
 * (`12-fix-login` → 12) unless that task's `branch` names another branch.
 */
export function currentTask(backlog: Backlog): { branch?: string; task?: Task } {
  if (!backlog.repo) return {};
  let head;
  try {
    head = readHead(backlog.repo.gitDir);
  } catch {
    return {};
  }
  if (head.kind !== "branch") return {};
  const branch = head.ref.replace(/^refs\/heads\//, "");
  const matches = backlog.index.tasks().filter((task) => task.branch === branch);
  // Several tasks naming one branch: the one being worked on wins, then the newest.
  const named = matches.find((candidate) => candidate.status === "active") ?? matches.at(-1);
  if (named) return { branch, task: named };
  const id = idFromBranch(branch);
  const byId = id === undefined ? undefined : backlog.index.get(id);
  const task = byId && (byId.branch === undefined || byId.branch === branch) ? byId : undefined;
  return { branch, ...(task && { task }) };
}
