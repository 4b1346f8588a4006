import { readHead } from "../git/ref-store.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";

/** The branch this checkout is on (undefined: detached HEAD or no repository) and the task whose `branch` it is. */
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
  const task = matches.find((candidate) => candidate.status === "active") ?? matches.at(-1);
  return { branch, ...(task && { task }) };
}
