import { parse } from "yaml";
import { BacklogError } from "../domain/errors.js";
import { findFrontmatter } from "./frontmatter.js";

export interface PromptArgument {
  name: string;
  description: string;
  required: boolean;
}

/** A prompt template: what it is for, the arguments it takes, and a body with `{{argument}}` placeholders. */
export interface PromptTemplate {
  description: string;
  arguments: PromptArgument[];
  body: string;
}

const ARGUMENT_NAME = /^[a-z][a-z0-9_]*$/;

/** Reads `templates/prompts/<name>.md` (or a repository's override): frontmatter `description`, `arguments`, then the body. */
export function readPromptTemplate(text: string, name: string): PromptTemplate {
  const block = findFrontmatter(text);
  if (typeof block === "string") return { description: "", arguments: [], body: text.trim() };
  let meta: unknown;
  try {
    meta = parse(block.yaml) ?? {};
  } catch (error) {
    throw new BacklogError("invalid", `prompt template ${name}: its frontmatter is not YAML (${(error as Error).message}).`, { name });
  }
  const { description, arguments: args } = (typeof meta === "object" && meta !== null ? meta : {}) as { description?: unknown; arguments?: unknown };
  const list = Array.isArray(args) ? args : [];
  return {
    description: typeof description === "string" ? description.trim() : "",
    arguments: list.map((raw: unknown, at) => readArgument(raw, at, name)),
    body: block.body.trim(),
  };
}

function readArgument(raw: unknown, at: number, template: string): PromptArgument {
  const item = (typeof raw === "object" && raw !== null ? raw : {}) as { name?: unknown; description?: unknown; required?: unknown };
  if (typeof item.name !== "string" || !ARGUMENT_NAME.test(item.name)) {
    throw new BacklogError("invalid", `prompt template ${template}: argument ${at + 1} needs a name of a-z, 0-9 and _.`, { name: template });
  }
  return { name: item.name, description: typeof item.description === "string" ? item.description : "", required: item.required === true };
}

/** Fills `{{name}}` placeholders; a missing optional argument becomes empty text, an unknown placeholder stays as written. */
export function fillPrompt(body: string, values: Readonly<Record<string, string | undefined>>, known: readonly string[]): string {
  return body.replace(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g, (whole, name: string) => (known.includes(name) ? (values[name] ?? "").trim() : whole));
}
