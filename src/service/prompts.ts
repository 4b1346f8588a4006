import { fillPrompt, readPromptTemplate, type PromptTemplate } from "../format/prompt-template.js";
import { listTemplates, readTemplate } from "../store/templates.js";
import type { Backlog } from "./backlog.js";

export type { PromptArgument, PromptTemplate } from "../format/prompt-template.js";

/**
 * The prompt templates of a backlog (docs/reference/mcp.md, "Prompts"): the package's
 * `templates/prompts/*.md`, each overridable (and more addable) by `<dir>/prompts/*.md` in the
 * repository. Read from disk on every call, so an edited override takes effect at once.
 */
export function promptNames(backlog: Backlog): string[] {
  return listTemplates(where(backlog));
}

/** The named template, parsed; throws naming the file when it does not parse (or is not a regular file). */
export function loadPrompt(backlog: Backlog, name: string): PromptTemplate {
  return readPromptTemplate(readTemplate({ ...where(backlog), name }), name);
}

/** The template's body with the given values in place of its `{{arguments}}`. */
export function renderPrompt(template: PromptTemplate, values: Readonly<Record<string, string | undefined>>): string {
  return fillPrompt(
    template.body,
    values,
    template.arguments.map((arg) => arg.name),
  );
}

function where(backlog: Backlog): { root: string; dir: string; kind: "prompts" } {
  return { root: backlog.root, dir: backlog.config.dir, kind: "prompts" };
}
