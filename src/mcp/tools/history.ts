import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { readHistory, redoOperation, taskHistory, undoOperations } from "../../service/operations/history.js";
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

export function registerTaskLogTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_log",
    description: "Backlog operations on this branch from git history (op, tasks, agent, time, sha).",
    input: z.object({ id: id.optional(), limit }),
    output: z.object({ entries: z.array(z.looseObject({ sha: z.string(), op: z.string() })) }),
    kind: "read",
    run: async (args) => ({ entries: await readHistory(backlog, { limit: args.limit ?? 20, ...(args.id !== undefined && { id: args.id }) }) }),
  });
}

export function registerTaskHistoryTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_history",
    description: "One task's file over time: each commit's diff, newest first.",
    input: z.object({ id, limit }),
    output: z.object({ id: z.number(), path: z.string().optional(), entries: z.array(z.looseObject({ sha: z.string(), patch: z.string() })) }),
    kind: "read",
    run: async (args) => ({ id: args.id, ...(await taskHistory(backlog, args.id, args.limit ?? 20)) }),
  });
}

export function registerTaskUndoTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_undo",
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
    description: "Re-apply your undo made last.",
    input: z.object({ any }),
    output: revertResult,
    kind: "destroy",
    run: (args) => redoOperation(backlog, { any: args.any === true }),
  });
}
