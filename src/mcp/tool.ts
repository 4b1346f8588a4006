import type { CallToolResult, McpServer, ToolAnnotations } from "@modelcontextprotocol/server";
import type { z } from "zod";
import type { LiveBacklog } from "../service/live-backlog.js";
import { toolError } from "./errors.js";
import { lean } from "./schema.js";
import { strictInput } from "./strict-input.js";

/** What every tool is given: the backlog it serves. */
export interface ToolContext {
  backlog: LiveBacklog;
}

/**
 * How a tool touches the backlog, as MCP annotations say it (docs/reference/mcp.md, "Conventions"). Annotations are per tool,
 * not per call, so a tool is destructive when any call of it may be: `task_start`, `task_stop`
 * and `task_done` take `force`, which acts on another agent's claim, and hosts that ask before
 * destructive tools ask before those.
 */
export type ToolKind = "read" | "write" | "update" | "destroy";

const ANNOTATIONS: Record<ToolKind, ToolAnnotations> = {
  // destructiveHint and idempotentHint mean something only when readOnlyHint is false (MCP spec).
  read: { readOnlyHint: true, openWorldHint: false },
  write: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  update: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  destroy: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
};

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  /** For people: what a host shows in its tool list and permission prompts. */
  title: string;
  description: string;
  input: I;
  output: O;
  kind: ToolKind;
  /** Returns the structuredContent; the server checks it against `output` before it is sent. */
  run: (args: z.output<I>) => Promise<object> | object;
}

/**
 * Registers one tool: lean schemas (the input strict: an unknown key is refused), annotations from
 * its kind, the result as `structuredContent` plus its JSON as text (for clients that read only
 * text), and every error through `toolError`.
 */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(server: McpServer, spec: ToolSpec<I, O>): void {
  // Registered through the plain object type: the SDK's callback type is conditional on the schema, which a generic defers.
  const inputSchema: z.ZodObject = lean(strictInput(spec.name, spec.input));
  const outputSchema: z.ZodObject = lean(spec.output);
  server.registerTool(
    spec.name,
    { title: spec.title, description: spec.description, inputSchema, outputSchema, annotations: ANNOTATIONS[spec.kind] },
    async (args): Promise<CallToolResult> => {
      try {
        const structured = (await spec.run(args as z.output<I>)) as Record<string, unknown>;
        return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
      } catch (error) {
        return toolError(error);
      }
    },
  );
}
