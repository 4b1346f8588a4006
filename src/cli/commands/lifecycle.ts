import { BacklogError } from "../../domain/errors.js";
import { deleteTask, doneTask, purgeTask, reopenTask, startTask, stopTask } from "../../service/operations/lifecycle.js";
import { findArchived, unarchiveTask } from "../../service/operations/archive.js";
import type { Backlog } from "../../service/backlog.js";
import type { Task } from "../../domain/task.js";
import { parseIds } from "../args.js";
import { defineCommand, type Command } from "../command.js";
import { report } from "./add.js";

type Step = (backlog: Backlog, id: number, force: boolean) => Promise<{ task: Task; spawned?: Task }>;

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
        const { task, spawned } = await step(backlog, id, context.args.flags.force === true);
        report(context, backlog, task, verb);
        if (spawned && !context.json) context.print(`Next occurrence: task ${spawned.id}${spawned.due ? `, due ${spawned.due}` : ""}\n`);
      }
    },
  });
}

export const startCommand = lifecycleCommand("start", "Started", "claim a task: pending → active (refused when someone holds it; --force takes it over)", (b, id, force) => startTask(b, id, { force }), true);
export const stopCommand = lifecycleCommand("stop", "Stopped", "release a claim: active → pending", (b, id) => stopTask(b, id));
export const doneCommand = lifecycleCommand("done", "Completed", "complete a task (--force with open children)", (b, id, force) => doneTask(b, id, { force }), true);
export const deleteCommand = lifecycleCommand("delete", "Deleted", "soft-delete a task (restore brings it back)", (b, id) => deleteTask(b, id));
export const purgeCommand = lifecycleCommand("purge", "Purged", "remove the file of a deleted task", (b, id) => purgeTask(b, id));
export const restoreCommand = lifecycleCommand("restore", "Restored", "reopen a deleted or done task, or bring one back from the archive", async (b, id) => {
  if (!b.index.get(id) && findArchived(b, id)) return unarchiveTask(b, id);
  return reopenTask(b, id);
});
