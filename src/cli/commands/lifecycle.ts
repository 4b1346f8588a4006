import { BacklogError } from "../../domain/errors.js";
import { deleteTasks, doneTasks, purgeTasks, restoreTasks, startTasks, stopTasks, type BatchResult } from "../../service/operations/lifecycle.js";
import type { Backlog } from "../../service/backlog.js";
import { parseIds } from "../args.js";
import { defineCommand, type Command } from "../command.js";
import { describeBase, describeCleanup } from "./worktree.js";
import { startTaskInWorktree } from "../../service/worktree/start-worktree.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";
import { report } from "./add.js";

type Step = (backlog: Backlog, ids: readonly number[], force: boolean) => Promise<BatchResult>;

const SEVERAL = `With several ids the command is one operation and one commit: when one of the tasks cannot
take the step, nothing is written and the error names each such task and why.`;

/** A command that moves the given tasks through one lifecycle step, all of them in one operation (docs/reference/changes.md, "Several ids in one command"). */
function lifecycleCommand(name: string, verb: string, summary: string, step: Step, force = false): Command {
  return defineCommand({
    name,
    summary,
    usage: `${name} <id> [<id> ...]${force ? " [--force]" : ""} [--json]`,
    help: `${SEVERAL}
--json prints the task, or an array of the tasks for several ids.

Examples:
  git-backlog ${name} 12
  git-backlog ${name} 12 15 16`,
    flags: force ? { json: "boolean", force: "boolean" } : { json: "boolean" },
    async run(context) {
      const ids = parseIds(context.args.positionals);
      if (ids.length === 0) throw new BacklogError("usage", `${name} needs a task id, e.g. ${name} 12.`);
      const backlog = await context.open();
      const { results } = await step(backlog, ids, context.args.flags.force === true);
      if (context.json) {
        const { facts } = graphOf(backlog);
        // The task as everywhere, plus `base` and `cleanup` when the step reached the base branch or the worktree.
        const json = results.map(({ task, base, worktree }) => ({ ...taskToJson(task, facts.get(task)), ...(base && { base }), ...(worktree && { cleanup: worktree }) }));
        return context.printJson(ids.length === 1 ? json[0] : json);
      }
      for (const { task, spawned, base, worktree } of results) {
        report(context, backlog, task, verb);
        if (spawned) context.print(`Next occurrence: task ${spawned.id}${spawned.due ? `, due ${spawned.due}` : ""}\n`);
        if (base) context.print(describeBase(base, verb));
        if (worktree) context.print(describeCleanup(worktree));
      }
    },
  });
}

const plainStart = lifecycleCommand(
  "start",
  "Started",
  "claim tasks: pending → active (refused when someone holds one or it is blocked; --force anyway); --worktree: on its own branch and folder",
  (b, ids, force) => startTasks(b, ids, { force }),
  true,
);

/** `start` with `--worktree` claims on the base branch and opens the task's branch in its own folder (docs/reference/git.md, "Task branches and worktrees"). */
export const startCommand = defineCommand({
  ...plainStart,
  usage: "start <id> [<id> ...] [--force] [--worktree] [--json]",
  flags: { ...plainStart.flags, worktree: "boolean" },
  async run(context) {
    if (context.args.flags.worktree !== true) return plainStart.run(context);
    const ids = parseIds(context.args.positionals);
    if (ids.length !== 1) throw new BacklogError("usage", "start --worktree takes one task id, e.g. start 12 --worktree.");
    const backlog = await context.open();
    const started = await startTaskInWorktree(backlog, ids[0] ?? 0, { force: context.args.flags.force === true });
    const { task, ...worktree } = started;
    if (context.json) return context.printJson({ ...taskToJson(task, graphOf(backlog).facts.get(task)), started_worktree: worktree });
    report(context, backlog, task, "Started");
    const how = started.reused
      ? "Reusing the existing worktree"
      : started.recreated
        ? `Re-created the worktree of branch ${context.paint("bold", started.branch)} (its folder was gone)`
        : `Created branch ${context.paint("bold", started.branch)} from ${started.base}, worktree`;
    context.print(`${how} at ${started.path}\n  cd ${started.path}\n`);
  },
});
export const stopCommand = lifecycleCommand("stop", "Stopped", "release claims: active → pending (--force: another's)", (b, ids, force) => stopTasks(b, ids, { force }), true);
export const doneCommand = lifecycleCommand("done", "Completed", "complete tasks (--force with open children, or another's claim)", (b, ids, force) => doneTasks(b, ids, { force }), true);
export const deleteCommand = lifecycleCommand("delete", "Deleted", "soft-delete tasks (restore brings them back; --force: another's claim)", (b, ids, force) => deleteTasks(b, ids, { force }), true);
export const purgeCommand = lifecycleCommand("purge", "Purged", "remove the files of deleted tasks", (b, ids) => purgeTasks(b, ids));
export const restoreCommand = lifecycleCommand("restore", "Restored", "reopen deleted or done tasks, or bring them back from the archive", (b, ids) => restoreTasks(b, ids));
