import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { BacklogError } from "../../domain/errors.js";
import { modifyTasks } from "../../service/operations/modify.js";
import { changesFrom, fieldsShape } from "../changes.js";
import { requireTask } from "../../service/task-file.js";
import { id, tasksResult, wholeNumber } from "../schema.js";
import { writtenListJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskModifyTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_modify",
    title: "Modify tasks",
    description: "Change fields of one task (id) or of all a filter selects (one commit).",
    input: z.object({
      id: id.optional(),
      filter: z.string().optional().describe("ids (12,15) or a filter"),
      title: z.string().optional(),
      ...fieldsShape,
      tags: z.array(z.string()).optional().describe('added; "-wip" removes'),
      depends: z.array(wholeNumber()).optional().describe("added; -7 removes"),
      // Undescribed, as in task_add: the core schemas' 5 KB hold it only so (it is edited like depends).
      related: z.array(wholeNumber()).optional(),
      force: z.boolean().optional().describe("override claims and rules"),
    }),
    output: tasksResult,
    kind: "update",
    async run(args) {
      if (args.id === undefined && args.filter === undefined) throw new BacklogError("usage", "task_modify needs id (one task) or filter (ids such as 12,15, or a filter).");
      if (args.id !== undefined && args.filter !== undefined) throw new BacklogError("usage", "give task_modify id or filter, not both.");
      if (args.id !== undefined) requireTask(backlog, args.id);
      const changes = changesFrom(args, backlog.now(), "modify");
      if (args.title !== undefined) {
        if (args.title.trim() === "") throw new BacklogError("usage", "a task needs a title; give a non-empty one.");
        changes.set.title = args.title.trim();
      }
      const { tasks } = await modifyTasks(backlog, args.filter ?? String(args.id), changes, { force: args.force ?? false });
      return { tasks: writtenListJson(backlog, tasks) };
    },
  });
}
