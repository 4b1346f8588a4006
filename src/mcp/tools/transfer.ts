import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { importTasks } from "../../service/operations/transfer.js";
import { writtenListJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskImportTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_import",
    title: "Import tasks",
    description: "Import tasks, all or nothing (one commit): our JSON shape or Taskwarrior's export. A task already here (same id and created) is updated or left as is; other taken ids are renumbered.",
    input: z.object({ tasks: z.array(z.record(z.string(), z.unknown())).describe("objects with at least a title") }),
    output: z.object({
      tasks: z.array(z.looseObject({ id: z.number() })),
      updated: z.array(z.number()),
      unchanged: z.array(z.number()),
      renumbered: z.record(z.string(), z.number()),
    }),
    kind: "write",
    async run(args) {
      const { tasks, updated, unchanged, renumbered } = await importTasks(backlog, args.tasks);
      return { tasks: writtenListJson(backlog, tasks), updated, unchanged, renumbered };
    },
  });
}
