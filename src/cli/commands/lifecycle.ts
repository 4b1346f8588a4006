import { BacklogError } from "../../domain/errors.js";
import { deleteTask, doneTask, purgeTask, restoreTask, startTask, stopTask } from "../../service/operations/lifecycle.js";
import type { Backlog } from "../../service/backlog.js";
import type { Task } from "../../domain/task.js";
import { parseIds } from "../args.js";
import { defineCommand, type Command } from "../command.js";
import { report } from "./add.js";
import { describeCleanup } from "./worktree.js";
import { startTaskInWorktree } from "../../service/worktree/start-worktree.js";
import type { WorktreeCleanup } from "../../service/worktree/cleanup.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";

type Step = (backlog: Backlog, id: number, force: boolean) => Promise<{ task: Task; spawned?: Task; worktree?: WorktreeCleanup }>;

/** A command that moves each given task through one lifecycle step, one operation per task. */
function lifecycleCommand(name: string, verb: string, summary: string, step: Step, force = false): Command {
  return defineCommand({
    name,
    summary,
    usage: `${name} <id> [<id> ...]${force ? " [--force]" : ""}`,
    flags: force ? { json: "boolean", force: "boolean" } : { json: "boolean" },
    async run(context) {
      const ids = parseIds(context.args.positionals);
      if (ids.length === 0) throw new BacklogError("usage", `${name} needs a task id, e.g. ${name} 12.`);
      const backlog = await context.open();
      for (const id of ids) {
        const { task, spawned, worktree } = await step(backlog, id, context.args.flags.force === true);
        // --json: the task as everywhere, plus `cleanup` when `done` dealt with its worktree.
        if (context.json && worktree) context.printJson({ ...taskToJson(task, graphOf(backlog).facts.get(task.id)), cleanup: worktree });
        else report(context, backlog, task, verb);
        if (spawned && !context.json) context.print(`Next occurrence: task ${spawned.id}${spawned.due ? `, due ${spawned.due}` : ""}\n`);
        if (worktree && !context.json) context.print(describeCleanup(worktree));
      }
    },
  });
}

const plainStart = lifecycleCommand(
  "start",
  "Started",
  "claim a task: pending → active (refused when someone holds it or it is blocked; --force anyway); --worktree: on its own branch and folder",
  (b, id, force) => startTask(b, id, { force }),
  true,
);

/** `start` with `--worktree` claims on the base branch and opens the task's branch in its own folder (SPEC §5). */
export const startCommand = defineCommand({
  ...plainStart,
  usage: "start <id> [<id> ...] [--force] [--worktree]",
  flags: { ...plainStart.flags, worktree: "boolean" },
  async run(context) {
    if (context.args.flags.worktree !== true) return plainStart.run(context);
    const ids = parseIds(context.args.positionals);
    if (ids.length !== 1) throw new BacklogError("usage", "start --worktree takes one task id, e.g. start 12 --worktree.");
    const backlog = await context.open();
    const started = await startTaskInWorktree(backlog, ids[0] ?? 0, { force: context.args.flags.force === true });
    const { task, ...worktree } = started;
    if (context.json) return context.printJson({ ...taskToJson(task, graphOf(backlog).facts.get(task.id)), started_worktree: worktree });
    report(context, backlog, task, "Started");
    const how = started.reused
      ? "Reusing the existing worktree"
      : started.recreated
        ? `Re-created the worktree of branch ${context.paint("bold", started.branch)} (its folder was gone)`
        : `Created branch ${context.paint("bold", started.branch)} from ${started.base}, worktree`;
    context.print(`${how} at ${started.path}\n  cd ${started.path}\n`);
  },
});
export const stopCommand = lifecycleCommand("stop", "Stopped", "release a claim: active → pending (--force: another's)", (b, id, force) => stopTask(b, id, { force }), true);
export const doneCommand = lifecycleCommand("done", "Completed", "complete a task (--force with open children, or another's claim)", (b, id, force) => doneTask(b, id, { force }), true);
export const deleteCommand = lifecycleCommand("delete", "Deleted", "soft-delete a task (restore brings it back; --force: another's claim)", (b, id, force) => deleteTask(b, id, { force }), true);
export const purgeCommand = lifecycleCommand("purge", "Purged", "remove the file of a deleted task", (b, id) => purgeTask(b, id));
export const restoreCommand = lifecycleCommand("restore", "Restored", "reopen a deleted or done task, or bring one back from the archive", (b, id) => restoreTask(b, id));
