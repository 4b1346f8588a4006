import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { fillPrompt, readPromptTemplate, type PromptTemplate } from "../format/prompt-template.js";
import { listTemplates, readTemplate } from "../store/templates.js";
import type { ToolContext } from "./tool.js";

/**
 * The prompts of SPEC §8: every `templates/prompts/*.md` of the package, each overridable (and
 * more addable) by `<dir>/prompts/*.md` in the repository. A template is read again on every
 * `prompts/get`, so an edited override takes effect without a restart.
 */
export function registerPrompts(server: McpServer, { backlog }: ToolContext, warn: (message: string) => void): void {
  const where = { root: backlog.root, dir: backlog.config.dir, kind: "prompts" as const };
  const load = (name: string): PromptTemplate => readPromptTemplate(readTemplate({ ...where, name }), name);
  for (const name of listTemplates(where)) {
    let template: PromptTemplate;
    try {
      template = load(name);
    } catch (error) {
      warn(`prompt "${name}" is left out: ${(error as Error).message}`);
      continue;
    }
    const shape: Record<string, z.ZodType<string | undefined>> = {};
    for (const arg of template.arguments) {
      const field = z.string().describe(arg.description);
      shape[arg.name] = arg.required ? field : field.optional();
    }
    const render = (values: Record<string, string | undefined>) => {
      const fresh = load(name);
      const text = fillPrompt(fresh.body, values, fresh.arguments.map((arg) => arg.name));
      return { description: fresh.description, messages: [{ role: "user" as const, content: { type: "text" as const, text } }] };
    };
    if (template.arguments.length === 0) server.registerPrompt(name, { description: template.description }, () => render({}));
    else server.registerPrompt(name, { description: template.description, argsSchema: z.object(shape) }, (args) => render(args));
  }
}
