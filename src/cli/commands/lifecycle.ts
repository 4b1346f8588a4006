import { BacklogError } from "../../domain/errors.js";
import { deleteTasks, doneTasks, purgeTasks, restoreTasks, startTasks, stopTasks, type BatchResult } from "../../service/operations/lifecycle.js";
import type { Backlog } from "../../service/backlog.js";
import { parseIds } from "../args.js";
import type { Flag } from "../args.js";
import { defineCommand, type Command } from "../command.js";
import { describeBase, describeCleanup } from "./worktree.js";
import { startTaskInWorktree } from "../../service/worktree/start-worktree.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";
import { report } from "./add.js";

type Step = (backlog: Backlog, ids: readonly number[], force: boolean) => Promise<BatchResult>;

const SEVERAL = `With several ids the command is one operation and one commit: when one of the tasks cannot
take the step, nothing is written and the error names each such task and why.`;

const JSON_TASKS: Flag = { kind: "boolean", help: "print the task as JSON, or an array of the tasks for several ids" };

/**
 * A command that moves the given tasks through one lifecycle step, all of them in one operation
 * (docs/reference/changes.md, "Several ids in one command"); `force` says what --force lets through, for the steps that take it.
 */
function lifecycleCommand(name: string, verb: string, summary: string, step: Step, force?: string): Command {
  return defineCommand({
    name,
    summary,
    usage: `${name} <id> [<id> ...]${force ? " [--force]" : ""} [--json]`,
    help: SEVERAL,
    flags: force ? { json: JSON_TASKS, force: { kind: "boolean", help: force } } : { json: JSON_TASKS },
    examples: [
      { command: `git-backlog ${name} 12` },
      { command: `git-backlog ${name} 12 15 16`, does: "three tasks in one commit, or none" },
    ],
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
  "take over a task someone else holds, or start one that is blocked",
);

/** `start` with `--worktree` claims on the base branch and opens the task's branch in its own folder (docs/reference/git.md, "Task branches and worktrees"). */
export const startCommand = defineCommand({
  ...plainStart,
  usage: "start <id> [<id> ...] [--force] [--worktree] [--json]",
  help: `Start is a claim: it sets started and the assignee (BACKLOG_AGENT, or your git user.name),
and is refused on a task someone else already holds (naming them) or one an open dependency
blocks.

${SEVERAL}`,
  flags: { ...plainStart.flags, worktree: { kind: "boolean", help: "one id: claim it here, then open its own branch and worktree beside the repository" } },
  examples: [
    { command: "git-backlog start 12" },
    { command: "git-backlog start 12 --worktree", does: "and work on it in its own folder and branch" },
    { command: "BACKLOG_AGENT=claude git-backlog start 12 --force", does: "take it over, as agent claude" },
  ],
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
export const stopCommand = lifecycleCommand("stop", "Stopped", "release claims: active → pending (--force: another's)", (b, ids, force) => stopTasks(b, ids, { force }), "release a claim someone else holds");
export const doneCommand = lifecycleCommand(
  "done",
  "Completed",
  "complete tasks (--force with open children, or another's claim)",
  (b, ids, force) => doneTasks(b, ids, { force }),
  "complete a parent with open children, or a task someone else holds",
);
export const deleteCommand = lifecycleCommand(
  "delete",
  "Deleted",
  "soft-delete tasks (restore brings them back; --force: another's claim)",
  (b, ids, force) => deleteTasks(b, ids, { force }),
  "delete a task someone else holds",
);
export const purgeCommand = lifecycleCommand("purge", "Purged", "remove the files of deleted tasks", (b, ids) => purgeTasks(b, ids));
export const restoreCommand = lifecycleCommand("restore", "Restored", "reopen deleted or done tasks, or bring them back from the archive", (b, ids) => restoreTasks(b, ids));
