import { currentTask } from "../../service/current.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";
import type { WorktreeCleanup } from "../../service/worktree/cleanup.js";
import { listTaskWorktrees, pruneWorktrees } from "../../service/worktree/list-worktrees.js";
import { defineCommand } from "../command.js";

/** The line `done` and `prune` print for a worktree: removed, or kept and why. */
export function describeCleanup(cleanup: WorktreeCleanup): string {
  if (cleanup.removed) return `Removed worktree ${cleanup.path} (branch ${cleanup.branch} kept)\n`;
  return `Kept worktree ${cleanup.path}: ${cleanup.reason ?? "not safe to remove"}\n`;
}

export const currentCommand = defineCommand({
  name: "current",
  summary: "the task this worktree works on, from its branch",
  usage: "current [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open();
    const { branch, task } = currentTask(backlog);
    if (context.json) {
      context.printJson({ branch: branch ?? null, task: task ? taskToJson(task, graphOf(backlog).facts.get(task.id)) : null });
      return task ? 0 : 1;
    }
    if (!task) {
      context.print(branch ? `No task works on branch ${branch}.\n` : "No branch is checked out (detached HEAD or no repository).\n");
      return 1;
    }
    context.print(`${context.paint("bold", String(task.id))} ${task.title} [${task.status}] on ${branch ?? "?"} (${task.path})\n`);
  },
});

export const worktreesCommand = defineCommand({
  name: "worktrees",
  summary: "the tasks that have worktrees: clean or dirty, ahead/behind the base, merged",
  usage: "worktrees [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open();
    const { base, worktrees } = await listTaskWorktrees(backlog);
    if (context.json) return context.printJson({ base: base ?? null, worktrees });
    if (worktrees.length === 0) return context.print("No task has a worktree.\n");
    for (const tree of worktrees) {
      const state = [tree.clean ? "clean" : context.paint("yellow", "dirty"), `+${tree.ahead ?? "?"}/-${tree.behind ?? "?"} vs ${base ?? "?"}`, tree.merged ? "merged" : "not merged", ...(tree.pushed ? ["pushed"] : [])];
      context.print(`${context.paint("bold", String(tree.id))} ${tree.title} [${tree.status}] ${tree.branch}  ${state.join(", ")}\n  ${tree.path}\n`);
    }
  },
});

export const pruneCommand = defineCommand({
  name: "prune",
  summary: "remove the worktrees of done tasks that are clean and merged or pushed",
  usage: "prune [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open();
    const results = await pruneWorktrees(backlog);
    if (context.json) return context.printJson(results);
    if (results.length === 0) return context.print("No task has a worktree.\n");
    for (const result of results) context.print(describeCleanup(result));
  },
});
