import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { annotateTask, denotateTask, readDoc, writeDoc } from "../../service/operations/notes.js";
import { force, id, taskResult } from "../schema.js";
import { writtenTaskJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

export function registerTaskAnnotateTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_annotate",
    title: "Add note",
    description: "Add a dated note to a task.",
    input: z.object({ id, text: z.string() }),
    output: taskResult,
    kind: "write",
    run: async (args) => ({ task: writtenTaskJson(backlog, (await annotateTask(backlog, args.id, args.text)).task) }),
  });
}

export function registerTaskDenotateTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_denotate",
    title: "Remove note",
    description: "Remove one note: by its text, a unique part of it, or its number (#1 is the first).",
    input: z.object({ id, text: z.string() }),
    output: taskResult,
    kind: "destroy",
    run: async (args) => ({ task: writtenTaskJson(backlog, (await denotateTask(backlog, args.id, args.text)).task) }),
  });
}

export function registerTaskDocReadTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_doc_read",
    title: "Read document",
    description: "A task's document: its markdown body without the notes.",
    input: z.object({ id }),
    output: z.object({ id: z.number(), content: z.string() }),
    kind: "read",
    run: (args) => ({ id: args.id, content: readDoc(backlog, args.id) }),
  });
}

export function registerTaskDocWriteTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_doc_write",
    title: "Write document",
    description: "Replace a task's document (notes are kept).",
    input: z.object({ id, content: z.string().describe("markdown"), force }),
    output: taskResult,
    kind: "update",
    run: async (args) => ({ task: writtenTaskJson(backlog, (await writeDoc(backlog, args.id, args.content, { force: args.force ?? false })).task) }),
  });
}

export function registerTaskDocDeleteTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_doc_delete",
    title: "Delete document",
    description: "Empty a task's document (notes are kept).",
    input: z.object({ id, force }),
    output: taskResult,
    kind: "destroy",
    run: async (args) => ({ task: writtenTaskJson(backlog, (await writeDoc(backlog, args.id, "", { force: args.force ?? false })).task) }),
  });
}
