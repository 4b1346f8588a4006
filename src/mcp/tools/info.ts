import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { nextTask } from "../../service/query.js";
import { requireTask } from "../../service/task-file.js";
import { filter, id, taskOut, taskResult } from "../schema.js";
import { fullTaskJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskInfoTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_info",
    description: "A task with its document and notes.",
    input: z.object({ id }),
    output: taskResult,
    kind: "read",
    run: (args) => ({ task: fullTaskJson(backlog, requireTask(backlog, args.id)) }),
  });
}

export function registerTaskNextTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_next",
    description: "The most urgent READY task, or null.",
    input: z.object({ filter: filter.optional() }),
    output: z.object({ task: taskOut.nullable() }),
    kind: "read",
    async run(args) {
      const task = await nextTask(backlog, args.filter ?? "");
      return { task: task ? fullTaskJson(backlog, task) : null };
    },
  });
}
