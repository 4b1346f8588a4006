import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { addTask } from "../../service/operations/add.js";
import { duplicateTask } from "../../service/operations/duplicate.js";
import { changesFrom, fieldsShape } from "../changes.js";
import { id, taskId, taskResult, wholeNumber } from "../schema.js";
import { writtenTaskJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskAddTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_add",
    title: "Add task",
    description: "Create a task (one commit).",
    input: z.object({
      title: z.string(),
      body: z.string().optional(),
      ...fieldsShape,
      tags: z.array(z.string()).optional(),
      depends: z.array(wholeNumber(taskId())).optional().describe("ids it waits for"),
      related: z.array(wholeNumber(taskId())).optional(),
      template: z.string().optional(),
    }),
    output: taskResult,
    kind: "write",
    async run(args) {
      const changes = changesFrom(args, backlog.now(), "add");
      const { task } = await addTask(backlog, { title: args.title, changes, ...(args.body !== undefined && { body: args.body }), ...(args.template && { template: args.template }) });
      return { task: writtenTaskJson(backlog, task) };
    },
  });
}

export function registerTaskLogTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_log",
    title: "Log finished work",
    description: "Record work already finished: a task created done, ended now (one commit).",
    input: z.object({ title: z.string(), body: z.string().optional().describe("markdown"), ...fieldsShape, tags: z.array(z.string()).optional() }),
    output: taskResult,
    kind: "write",
    async run(args) {
      const changes = changesFrom(args, backlog.now(), "add");
      const { task } = await addTask(backlog, { title: args.title, changes, done: true, ...(args.body !== undefined && { body: args.body }) });
      return { task: writtenTaskJson(backlog, task) };
    },
  });
}

export function registerTaskDuplicateTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_duplicate",
    title: "Duplicate task",
    description: "A new pending task copying another's fields and document, with changes.",
    input: z.object({
      id,
      title: z.string().optional(),
      ...fieldsShape,
      tags: z.array(z.string()).optional().describe('"-x" drops one'),
      depends: z.array(wholeNumber()).optional().describe("-7 drops one"),
      related: z.array(wholeNumber()).optional().describe("-7 drops one"),
    }),
    output: taskResult,
    kind: "write",
    async run(args) {
      const { task } = await duplicateTask(backlog, args.id, changesFrom(args, backlog.now(), "modify"), args.title);
      return { task: writtenTaskJson(backlog, task) };
    },
  });
}
