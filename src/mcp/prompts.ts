import { z } from "zod";
import { completable, ProtocolError, ProtocolErrorCode, type McpServer } from "@modelcontextprotocol/server";
import { BacklogError } from "../domain/errors.js";
import { isOpen } from "../domain/task.js";
import { notATaskId, readTaskId } from "../domain/task-id.js";
import type { Backlog } from "../service/backlog.js";
import { loadPrompt, promptNames, renderPrompt, type PromptTemplate } from "../service/prompts.js";
import { requireTask } from "../service/task-file.js";
import { agentErrorText } from "./errors.js";
import type { ToolContext } from "./tool.js";

/** Completions a client may show at once (the MCP limit). */
const MAX_COMPLETIONS = 100;

/**
 * The prompts (docs/reference/mcp.md, "Prompts"): every `templates/prompts/*.md` of the package, each overridable (and
 * more addable) by `<dir>/prompts/*.md` in the repository. A template is read again on every
 * `prompts/get`, so an edited override takes effect without a restart. An argument named `id`
 * is a task: completed from the open tasks' ids, and refused when no task has it.
 */
export function registerPrompts(server: McpServer, { backlog }: ToolContext, warn: (message: string) => void): void {
  const load = (name: string): PromptTemplate => loadPrompt(backlog, name);
  for (const name of promptNames(backlog)) {
    let template: PromptTemplate;
    try {
      template = load(name);
    } catch (error) {
      warn(`prompt "${name}" is left out: ${(error as Error).message}`);
      continue;
    }
    const shape: Record<string, z.ZodType<string | undefined>> = {};
    for (const arg of template.arguments) {
      const text = z.string().describe(arg.description);
      const field = arg.name === "id" ? completable(text, (value) => openIds(backlog, value)) : text;
      shape[arg.name] = arg.required ? field : field.optional();
    }
    const render = (values: Record<string, string | undefined>) => {
      if (values.id !== undefined) checkTaskId(backlog, values.id);
      const fresh = load(name);
      const text = renderPrompt(fresh, values);
      return { description: fresh.description, messages: [{ role: "user" as const, content: { type: "text" as const, text } }] };
    };
    if (template.arguments.length === 0) server.registerPrompt(name, { description: template.description }, () => render({}));
    else server.registerPrompt(name, { description: template.description, argsSchema: z.object(shape) }, (args) => render(args));
  }
}

/** The ids of open tasks that start with what was typed, in id order, each once (two files may hold one). */
function openIds(backlog: Backlog, typed: string): string[] {
  const ids = new Set<number>();
  for (const task of backlog.index.tasks()) if (isOpen(task) && String(task.id).startsWith(typed.trim())) ids.add(task.id);
  return [...ids]
    .sort((a, b) => a - b)
    .slice(0, MAX_COMPLETIONS)
    .map(String);
}

/** A prompt about a task that does not exist would send the agent looking for nothing: refuse it. */
function checkTaskId(backlog: Backlog, value: string): void {
  try {
    const id = readTaskId(value.trim());
    if (id === undefined) throw new BacklogError("usage", `${notATaskId(value)}.`, { id: value });
    requireTask(backlog, id);
  } catch (error) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, agentErrorText(error));
  }
}
