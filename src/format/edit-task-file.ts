/**
 * Minimal edits of a task file: a changed field changes only its own line(s). Everything else —
 * comments, key order, quoting, the BOM, CRLF line endings, a missing final newline, the body —
 * is kept byte for byte. The result is re-read before it is returned; a broken file never is.
 */
import { BacklogError } from "../domain/errors.js";
import type { FieldChanges } from "../domain/task.js";
import { findFrontmatter } from "./frontmatter.js";
import { planEdits } from "./plan-edits.js";
import { readYaml } from "./read-yaml.js";
import { verifyEdit } from "./verify-edit.js";

export interface EditOptions {
  /** The new body (everything after the closing fence); written with the file's line endings. */
  body?: string;
  /** Named in error messages. */
  path?: string;
}

/**
 * Applies `changes` (a value sets a field, `null` removes it, `undefined` leaves it) and throws a
 * BacklogError("invalid") when the file cannot be edited safely or a value is not valid.
 */
export function editTaskFile(text: string, changes: FieldChanges, options: EditOptions = {}): string {
  const where = options.path ? `${options.path}: ` : "";
  const block = findFrontmatter(text);
  if (typeof block === "string") {
    throw new BacklogError("invalid", `${where}the file has no frontmatter block between --- lines, so it cannot be edited; fix it by hand`);
  }
  const yaml = readYaml(block.yaml);
  const broken = yaml.problems.find((problem) => problem.severity === "error");
  if (broken) {
    const { line } = yaml.position(broken.offset);
    throw new BacklogError("invalid", `${where}line ${line}: ${broken.message}; fix the file by hand before changing it`, { line });
  }

  let frontmatter = block.yaml;
  const splices = planEdits(block.yaml, yaml.doc, changes, block.eol).sort((a, b) => b.start - a.start);
  for (const splice of splices) frontmatter = frontmatter.slice(0, splice.start) + splice.text + frontmatter.slice(splice.end);

  const body = options.body === undefined ? block.body : withLineEndings(options.body, block.eol);
  let fence = text.slice(block.yamlEnd, block.bodyStart);
  // A file ending at its closing fence needs a line ending before a new body.
  if (body !== "" && !fence.endsWith("\n")) fence += block.eol;
  const result = text.slice(0, block.yamlStart) + frontmatter + fence + body;

  verifyEdit(yaml.doc, result, changes, body, where);
  return result;
}

/** A CRLF file stays CRLF whatever line endings the new body came with. */
function withLineEndings(body: string, eol: "\n" | "\r\n"): string {
  return eol === "\r\n" ? body.replace(/\r?\n/g, "\r\n") : body;
}
