/**
 * Reads a task file into the model. Never throws: everything wrong with the file becomes a
 * problem with file, line, column and a reason that says how to fix it. Any problem of severity
 * "error" keeps the task out (`task` undefined) so the file is reported, never rewritten.
 */
import { isMap } from "yaml";
import type { Problem } from "../domain/problem.js";
import type { Task } from "../domain/task.js";
import { findFrontmatter } from "./frontmatter.js";
import { parseNotes } from "./notes.js";
import { readFields } from "./read-fields.js";
import { readYaml, type LocatedProblem } from "./read-yaml.js";

export interface ParsedTaskFile {
  task?: Task;
  /**
   * Set only when the one error is a missing id: every other field, so `doctor --fix` can give
   * the file an id (and its canonical name) without the user re-typing anything.
   */
  draft?: Omit<Task, "id">;
  problems: Problem[];
}

const CONFLICT_MARKER = /^(<{7}|>{7})(?: |\r?$)/;

export function parseTaskFile(text: string, path: string): ParsedTaskFile {
  const problems = findConflictMarkers(text, path);
  const block = findFrontmatter(text);
  if (typeof block === "string") {
    const message =
      block === "no-opening-fence"
        ? "the file does not start with a --- line; a task file begins with a frontmatter block (---, id: 12, title: ..., ---)"
        : "the frontmatter that starts on line 1 has no closing --- line; add one after the last field";
    return { problems: [...problems, { file: path, line: 1, column: 1, code: "no-frontmatter", message, severity: "error" }] };
  }
  // Conflict markers in the frontmatter make its YAML meaningless: report only them.
  if (problems.some((problem) => (problem.line ?? 0) <= lineOf(text, block.yamlEnd))) return { problems };

  const yaml = readYaml(block.yaml, { fast: true });
  const locate = (problem: LocatedProblem): Problem => ({
    file: path,
    ...yaml.position(problem.offset),
    code: problem.code,
    message: problem.message,
    severity: problem.severity,
  });
  problems.push(...yaml.problems.map(locate));
  if (yaml.problems.some((problem) => problem.severity === "error")) return { problems };
  const contents = yaml.contents;
  if (contents !== null && !isMap(contents)) {
    const message = "the frontmatter must be `key: value` lines, one field per line, e.g. title: Fix the login form";
    return { problems: [...problems, locate({ code: "yaml-syntax", message, severity: "error", offset: 0 })] };
  }

  const read = readFields(yaml.doc, contents);
  const { id, ...fields } = read.fields;
  problems.push(...read.problems.map(locate));
  if (id !== undefined) for (const problem of problems) problem.id = id;

  const draft: Omit<Task, "id"> = {
    ...fields,
    title: fields.title ?? "",
    status: fields.status ?? "pending",
    tags: fields.tags ?? [],
    depends: fields.depends ?? [],
    related: fields.related ?? [],
    user: read.user,
    body: block.body,
    notes: parseNotes(block.body),
    path,
  };
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length === 0 && id !== undefined) return { task: { id, ...draft }, problems };
  if (errors.length === 1 && errors[0]?.code === "missing-id") return { draft, problems };
  return { problems };
}

function findConflictMarkers(text: string, path: string): Problem[] {
  const problems: Problem[] = [];
  // Most files have none: skip the line split that a 10,000-task load would pay for.
  if (!text.includes("<<<<<<<") && !text.includes(">>>>>>>")) return problems;
  text.split("\n").forEach((line, index) => {
    if (!CONFLICT_MARKER.test(line)) return;
    problems.push({
      file: path,
      line: index + 1,
      column: 1,
      code: "conflict-markers",
      message: `line ${index + 1} is a merge conflict marker (${line.slice(0, 7)}); resolve the conflict, remove the <<<<<<< ======= >>>>>>> lines, then git add the file`,
      severity: "error",
    });
  });
  return problems;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
}
