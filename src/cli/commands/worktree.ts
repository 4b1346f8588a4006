import { currentTask } from "../../service/current.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";
import type { WorktreeCleanup } from "../../service/worktree/cleanup.js";
import type { BaseCommit } from "../../service/worktree/mirror-on-base.js";
import { listTaskWorktrees, pruneWorktrees, type TaskWorktree } from "../../service/worktree/list-worktrees.js";
import type { Style } from "../io.js";
import { defineCommand } from "../command.js";

/** The line `done` and `prune` print for a worktree: removed, stale entry cleared, or kept and why. */
export function describeCleanup(cleanup: WorktreeCleanup): string {
  if (cleanup.removed && cleanup.state === "missing") return `Cleared git's stale entry for ${cleanup.path}: its folder was already gone (branch ${cleanup.branch} not touched)\n`;
  if (cleanup.removed) return `Removed worktree ${cleanup.path} (branch ${cleanup.branch} kept)\n`;
  return `Kept worktree ${cleanup.path}: ${cleanup.reason ?? "not safe to remove"}\n`;
}

/** The line `done`, `stop` and `delete` print inside a task worktree: the same step on the base branch, or why not. */
export function describeBase(base: BaseCommit, verb: string): string {
  const branch = base.branch ?? "the base branch";
  if (base.reason) return `Not on ${branch}: ${base.reason}\n`;
  return `${verb} on ${branch} too${base.sha ? ` (commit ${base.sha.slice(0, 12)})` : ""}\n`;
}

type Paint = (style: Style, text: string) => string;

/** `worktrees`' two lines for one task worktree: what it is, then where and what to do about it. */
export function describeWorktree(tree: TaskWorktree, base: string | undefined, paint: Paint): string {
  const state: string[] = [];
  if (tree.state === "missing") state.push(paint("red", "missing: the folder is gone"));
  if (tree.state === "branch-missing") state.push(paint("red", `branch deleted${tree.lastCommit ? ` (last commit ${tree.lastCommit.slice(0, 12)})` : ""}`));
  if (tree.state === "locked") state.push(paint("yellow", `locked${tree.locked ? ` (${tree.locked})` : ""}`), ...(tree.clean === undefined ? ["folder not found"] : []));
  if (tree.clean !== undefined) state.push(tree.clean ? "clean" : paint("yellow", "dirty"));
  if (tree.branchExists) state.push(`+${tree.ahead ?? "?"}/-${tree.behind ?? "?"} vs ${base ?? "?"}`);
  else if (tree.state === "missing") state.push("branch gone too");
  state.push(tree.merged ? "merged" : "not merged", ...(tree.pushed ? ["pushed"] : []));
  const hint = nextStep(tree);
  return `${paint("bold", String(tree.id))} ${tree.title} [${tree.status}] ${tree.branch}  ${state.join(", ")}\n  ${tree.path}\n${hint ? `  ${paint("dim", hint)}\n` : ""}`;
}

function nextStep(tree: TaskWorktree): string | undefined {
  const restart = tree.status === "done" || tree.status === "deleted" ? "" : `\`start ${tree.id} --worktree\` makes it again`;
  if (tree.state === "missing") return [tree.registered ? "`prune` clears git's stale entry" : "", restart].filter(Boolean).join("; ") || undefined;
  if (tree.state === "locked") return `git keeps it; \`git worktree unlock ${tree.path}\` lets \`prune\` handle it`;
  if (tree.state === "branch-missing") return `kept: \`git branch ${tree.branch} ${tree.lastCommit ?? "<commit>"}\` restores the branch`;
  return undefined;
}

export const currentCommand = defineCommand({
  name: "current",
  summary: "the task this worktree works on, from its branch",
  usage: "current [--json]",
  help: `Reads the branch checked out here and finds its task: the one whose branch field names it
(start --worktree sets it), else the one whose id the branch name starts with (12-fix-login).
Exits 1 when no task works on this branch.`,
  flags: { json: { kind: "boolean", help: 'print {"branch": …, "task": …}; task is null when none works on it' } },
  examples: [
    { command: "git-backlog current", does: "inside a task's worktree: which task this is" },
    { command: "git-backlog current --json", does: "the same as data, for a prompt or a hook" },
  ],
  maxPositionals: 0,
  async run(context) {
    const backlog = await context.open();
    const { branch, task } = currentTask(backlog);
    if (context.json) {
      context.printJson({ branch: branch ?? null, task: task ? taskToJson(task, graphOf(backlog).facts.get(task)) : null });
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
  summary: "the tasks that have worktrees: clean or dirty, ahead/behind the base, merged; missing, locked or branch deleted",
  usage: "worktrees [--json]",
  flags: { json: { kind: "boolean", help: 'print {"base": …, "worktrees": [...]}, one entry per task worktree' } },
  examples: [
    { command: "git-backlog worktrees", does: "every task worktree, its state and what to do about it" },
    { command: "git-backlog worktrees --json", does: "the same as data" },
  ],
  maxPositionals: 0,
  async run(context) {
    const backlog = await context.open();
    const { base, worktrees } = await listTaskWorktrees(backlog);
    if (context.json) return context.printJson({ base: base ?? null, worktrees });
    if (worktrees.length === 0) return context.print("No task has a worktree.\n");
    for (const tree of worktrees) context.print(describeWorktree(tree, base, context.paint));
  },
});

export const pruneCommand = defineCommand({
  name: "prune",
  summary: "remove the worktrees start --worktree made for done tasks once clean and merged or pushed (--force: with their ignored files), and stale entries of gone ones",
  usage: "prune [--force] [--json]",
  help: `A worktree is removed only when its task is done, its folder is clean and its branch is merged
into the base or pushed; the branch itself is always kept. Ignored files that are not on the
worktree.disposable list of .backlog (node_modules, dist, … by default) keep it too.`,
  flags: {
    json: { kind: "boolean", help: "print what was removed or kept, and why, as JSON" },
    force: { kind: "boolean", help: "remove them even with ignored files that are not disposable" },
  },
  examples: [
    { command: "git-backlog prune", does: "tidy up after done tasks" },
    { command: "git-backlog prune --force", does: "also when ignored files such as .env remain" },
  ],
  maxPositionals: 0,
  async run(context) {
    const backlog = await context.open();
    const results = await pruneWorktrees(backlog, { force: context.args.flags.force === true });
    if (context.json) return context.printJson(results);
    if (results.length === 0) return context.print("No task has a worktree.\n");
    for (const result of results) context.print(describeCleanup(result));
  },
});
