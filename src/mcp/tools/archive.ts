import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { listArchive, loadArchiveSegment } from "../../service/archived.js";
import { archiveTasks } from "../../service/operations/archive.js";
import { filter } from "../schema.js";
import { listItemJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskArchiveTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_archive",
    title: "Archive tasks",
    description: "Move done and deleted tasks into archive/<year>-Q<n>/ (default: ended 90+ days ago).",
    input: z.object({ filter: filter.describe("which closed tasks; default: ended 90+ days ago").optional() }),
    output: z.object({ archived: z.array(z.number()) }),
    kind: "write",
    async run(args) {
      const { archived } = await archiveTasks(backlog, args.filter);
      return { archived: archived.map((task) => task.id) };
    },
  });
}

export function registerTaskArchiveListTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_archive_list",
    title: "List archive",
    description: "Archive segments (newest first) with their task counts.",
    input: z.object({}),
    output: z.object({ segments: z.array(z.object({ segment: z.string(), count: z.number() })) }),
    kind: "read",
    run: () => ({ segments: listArchive(backlog) }),
  });
}

export function registerTaskArchiveLoadTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_archive_load",
    title: "Load archive segment",
    description: "The tasks of one archive segment, read-only.",
    input: z.object({ segment: z.string().describe("e.g. 2026-Q4") }),
    output: z.object({ tasks: z.array(z.looseObject({ id: z.number() })) }),
    kind: "read",
    run: (args) => ({ tasks: loadArchiveSegment(backlog, args.segment).map((task) => listItemJson(task, undefined)) }),
  });
}
