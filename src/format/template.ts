import { BacklogError } from "../domain/errors.js";
import type { FieldChanges } from "../domain/task.js";
import { findFrontmatter } from "./frontmatter.js";
import { readFields } from "./read-fields.js";
import { readYaml } from "./read-yaml.js";

/** Fields a template may not preset: they belong to each task. */
const PER_TASK = new Set(["id", "title", "status", "created", "modified", "started", "ended", "branch", "worktree"]);

/**
 * Reads a task template: a task file whose frontmatter presets fields (no id or title) and whose
 * body is the skeleton of the document. A template without frontmatter is all body.
 */
export function readTemplateFields(text: string, name = "template"): { fields: FieldChanges; body: string } {
  const block = findFrontmatter(text);
  if (typeof block === "string") return { fields: {}, body: text };
  const { doc, problems } = readYaml(block.yaml);
  const read = readFields(doc);
  const errors = [...problems, ...read.problems].filter((problem) => problem.severity === "error" && problem.code !== "missing-id" && problem.code !== "missing-title");
  if (errors.length > 0) throw new BacklogError("invalid", `template ${name}: ${errors.map((problem) => problem.message).join("; ")}`, { template: name });
  const fields: FieldChanges = {};
  for (const [key, value] of Object.entries(read.fields)) if (!PER_TASK.has(key) && value !== undefined) fields[key] = value;
  for (const [key, value] of Object.entries(read.user)) fields[key] = value;
  return { fields, body: block.body };
}
