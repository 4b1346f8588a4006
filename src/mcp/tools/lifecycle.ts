import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { startTaskInWorktree } from "../../service/worktree/start-worktree.js";
import { deleteTask, doneTask, purgeTask, restoreTask, startTask, stopTask } from "../../service/operations/lifecycle.js";
import { force, id, taskOut, taskResult } from "../schema.js";
import { writtenTaskJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

/*
 * `task_start {worktree: true}` adds `worktree` ({branch, path, base, reused, recreated, sha}) to its result;
 * `task_done` adds `cleanup` ({branch, path, state, removed, reason}) for a task with a worktree, and
 * `task_done`, `task_stop`, `task_delete` in the task's own worktree add `base` ({branch, sha, reason}):
 * the same step committed on the base branch, or why not.
 * Left out of the output schemas (loose objects let them through): the core toolset's schemas
 * must stay under 5 KB, and the field names say enough to the agent that reads them.
 */
const withExtras = z.looseObject({ task: taskOut });

export function registerTaskStartTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_start",
    title: "Start task",
    description: "Claim a task: pending → active, assigned to you. Refused if held or blocked.",
    input: z.object({
      id,
      force: z.boolean().optional().describe("take over a claim; start if blocked"),
      worktree: z.boolean().optional().describe("own branch + worktree"),
    }),
    output: withExtras,
    // Destructive: with force it takes another agent's claim over, and annotations are per tool, not per call.
    kind: "destroy",
    async run(args) {
      if (args.worktree) {
        const { task, ...worktree } = await startTaskInWorktree(backlog, args.id, { force: args.force ?? false });
        return { task: writtenTaskJson(backlog, task), worktree };
      }
      const { task } = await startTask(backlog, args.id, { force: args.force ?? false });
      return { task: writtenTaskJson(backlog, task) };
    },
  });
}

export function registerTaskStopTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_stop",
    title: "Stop task",
    description: "Release a claim: active → pending.",
    input: z.object({ id, force }),
    output: withExtras,
    kind: "update",
    async run(args) {
      const { task, base, worktree } = await stopTask(backlog, args.id, { force: args.force ?? false });
      return { task: writtenTaskJson(backlog, task), ...(base && { base }), ...(worktree && { cleanup: worktree }) };
    },
  });
}

export function registerTaskDoneTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_done",
    title: "Complete task",
    description: "Complete a task (a recurring one spawns the next).",
    input: z.object({ id, force: z.boolean().optional().describe("despite open children or a claim") }),
    output: z.looseObject({ task: taskOut, spawned: taskOut.optional() }),
    kind: "update",
    async run(args) {
      const { task, spawned, base, worktree } = await doneTask(backlog, args.id, { force: args.force ?? false });
      return { task: writtenTaskJson(backlog, task), ...(spawned && { spawned: writtenTaskJson(backlog, spawned) }), ...(base && { base }), ...(worktree && { cleanup: worktree }) };
    },
  });
}

export function registerTaskDeleteTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_delete",
    title: "Delete task",
    description: "Soft-delete a task (the file stays; task_purge removes it).",
    input: z.object({ id, force }),
    output: withExtras,
    kind: "destroy",
    async run(args) {
      const { task, base, worktree } = await deleteTask(backlog, args.id, { force: args.force ?? false });
      return { task: writtenTaskJson(backlog, task), ...(base && { base }), ...(worktree && { cleanup: worktree }) };
    },
  });
}

export function registerTaskPurgeTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_purge",
    title: "Purge task",
    description: "Remove the file of a deleted task.",
    input: z.object({ id }),
    output: z.object({ purged: z.number() }),
    kind: "destroy",
    run: async (args) => ({ purged: (await purgeTask(backlog, args.id)).task.id }),
  });
}

export function registerTaskRestoreTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_restore",
    title: "Restore task",
    description: "Reopen a done or deleted task, or bring one back from the archive.",
    input: z.object({ id }),
    output: taskResult,
    kind: "write",
    run: async (args) => ({ task: writtenTaskJson(backlog, (await restoreTask(backlog, args.id)).task) }),
  });
}
