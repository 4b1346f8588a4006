import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { diagnose } from "../../service/operations/doctor.js";
import { drawGraph, listProjects, listTags } from "../../service/operations/overview.js";
import { agentProblemText } from "../errors.js";
import { id, taskOut } from "../schema.js";
import { viewJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskGraphTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_graph",
    title: "Dependency graph",
    description: "The dependency graph as text, mermaid or dot; with an id, only what it touches.",
    input: z.object({
      id: id.optional(),
      direction: z.enum(["up", "down", "both"]).optional().describe("with id: what it depends on (up), what depends on it (down); default both"),
      format: z.enum(["text", "mermaid", "dot"]).optional(),
    }),
    output: z.object({ graph: z.string() }),
    kind: "read",
    run: (args) => ({ graph: drawGraph(backlog, args.format ?? "text", args.id, args.direction ?? "both") }),
  });
}

export function registerTaskViewTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_view",
    title: "Run view",
    description: "Run a named view: ready, blocked, active, overdue, board, or one from .backlog.",
    input: z.object({ name: z.string() }),
    output: z.object({ name: z.string(), filter: z.string(), tasks: z.array(taskOut).optional(), columns: z.record(z.string(), z.array(taskOut)).optional().describe("board: tasks by status") }),
    kind: "read",
    run: (args) => viewJson(backlog, args.name),
  });
}

export function registerTaskProjectsTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_projects",
    title: "List projects",
    description: "Open tasks per project.",
    input: z.object({}),
    output: z.object({ projects: z.array(z.object({ project: z.string(), count: z.number() })) }),
    kind: "read",
    run: () => ({ projects: listProjects(backlog) }),
  });
}

export function registerTaskTagsTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_tags",
    title: "List tags",
    description: "Open tasks per tag.",
    input: z.object({}),
    output: z.object({ tags: z.array(z.object({ tag: z.string(), count: z.number() })) }),
    kind: "read",
    run: () => ({ tags: listTags(backlog) }),
  });
}

export function registerTaskDoctorTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_doctor",
    title: "Check backlog",
    description: "Every problem in the backlog: files that do not parse, bad values, missing dependencies, cycles, a merge driver not set up.",
    input: z.object({}),
    output: z.object({ problems: z.array(z.looseObject({ file: z.string(), code: z.string(), message: z.string() })) }),
    kind: "read",
    run: async () => ({ problems: (await diagnose(backlog)).map((problem) => ({ ...problem, message: agentProblemText(problem) })) }),
  });
}
