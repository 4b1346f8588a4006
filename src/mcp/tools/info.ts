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
    title: "Show task",
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
    title: "Next task",
    description: "The most urgent READY task, or null.",
    // Its own words: the default of task_list's filter does not apply here, where only READY tasks are candidates.
    input: z.object({ filter: filter.describe("narrows the READY tasks, e.g. project:web").optional() }),
    output: z.object({ task: taskOut.nullable() }),
    kind: "read",
    async run(args) {
      const task = await nextTask(backlog, args.filter ?? "");
      return { task: task ? fullTaskJson(backlog, task) : null };
    },
  });
}
