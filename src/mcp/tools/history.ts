import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { readHistory, redoOperation, taskHistory, undoOperations } from "../../service/operations/history.js";
import { diffBacklog } from "../../service/operations/diff.js";
import { describe } from "../../domain/describe-change.js";
import { BacklogError } from "../../domain/errors.js";
import { id } from "../schema.js";
import { defineTool, type ToolContext } from "../tool.js";

const limit = z.number().int().positive().optional().describe("newest first; default 20");
const operations = z.array(z.looseObject({ sha: z.string(), op: z.string(), tasks: z.array(z.number()), agent: z.string().optional(), author: z.string() }));
const revertResult = z.object({
  tasks: z.array(z.number()),
  reverts: z.array(z.string()),
  reverted: operations,
  passedOver: operations.describe("others' operations and hand edits left in place"),
  sha: z.string().optional(),
});
const any = z.boolean().optional().describe("take anyone's operations, not only this agent's (same git email and agent)");

export function registerTaskHistoryTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_history",
    title: "Backlog history",
    description: "Backlog operations on this branch from git, newest first: the whole backlog's, or one task's (diff: its file's changes).",
    input: z.object({ id: id.optional(), limit, diff: z.boolean().optional().describe("each commit's patch of the task file (needs id)") }),
    output: z.object({
      path: z.string().optional(),
      entries: z.array(z.looseObject({ sha: z.string(), time: z.string(), message: z.string(), op: z.string().optional(), tasks: z.array(z.number()).optional(), patch: z.string().optional() })),
    }),
    kind: "read",
    async run(args) {
      const limit = args.limit ?? 20;
      if (!args.diff) return { entries: await readHistory(backlog, { limit, ...(args.id !== undefined && { id: args.id }) }) };
      if (args.id === undefined) throw new BacklogError("usage", "diff shows one task file's changes: give its id.", { field: "id" });
      return taskHistory(backlog, args.id, limit);
    },
  });
}

export function registerTaskUndoTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_undo",
    title: "Undo",
    description: "Undo your last backlog operations on this branch as a new commit; refused if their files changed since.",
    input: z.object({ count: z.number().int().positive().optional().describe("operations to undo, default 1"), any }),
    output: revertResult,
    kind: "destroy",
    run: (args) => undoOperations(backlog, { count: args.count ?? 1, any: args.any === true }),
  });
}

export function registerTaskRedoTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_redo",
    title: "Redo",
    description: "Re-apply your undo made last.",
    input: z.object({ any }),
    output: revertResult,
    kind: "destroy",
    run: (args) => redoOperation(backlog, { any: args.any === true }),
  });
}

export function registerTaskDiffTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_diff",
    title: "Task changes",
    description: "Task changes between two points of git history, field by field (PR review). Default: since the branch left its upstream or main, to the working tree.",
    input: z.object({ range: z.string().optional().describe("a..b, a...b, c^! or c, as for git diff") }),
    output: z.object({
      range: z.object({ spec: z.string(), from: z.string(), to: z.string().nullable() }),
      tasks: z.array(z.looseObject({ kind: z.string(), id: z.number(), summary: z.string() })),
      unreadable: z.array(z.looseObject({ path: z.string() })),
    }),
    kind: "read",
    async run(args) {
      const diff = await diffBacklog(backlog, args.range);
      return { ...diff, tasks: diff.tasks.map((change) => ({ ...change, summary: describe(change).join("; ") })) };
    },
  });
}
