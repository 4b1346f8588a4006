/**
 * Writes a new task file: known fields in KNOWN_FIELDS order, then user fields in their order,
 * empty ones left out, `\n` line endings, the body after the closing fence.
 */
import { BacklogError } from "../domain/errors.js";
import { KNOWN_FIELDS, type Task, type UserValue } from "../domain/task.js";
import { parseTaskFile } from "./parse-task-file.js";
import { renderAfterColon, renderFlowList, renderKey } from "./render-value.js";

export type NewTaskFile = Pick<Task, "id" | "title"> & Partial<Omit<Task, "id" | "title">>;

export function renderTaskFile(task: NewTaskFile): string {
  const lines: string[] = [];
  for (const field of KNOWN_FIELDS) {
    const value = task[field];
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) lines.push(`${field}: ${renderFlowList(value)}`);
    } else {
      lines.push(`${field}:${renderAfterColon(value, { indent: "", eol: "\n" })}`);
    }
  }
  for (const [key, value] of Object.entries(task.user ?? {}) as [string, UserValue | undefined][]) {
    if (value === undefined) continue;
    lines.push(`${renderKey(key)}:${value === null ? "" : renderAfterColon(value, { indent: "", eol: "\n" })}`);
  }
  const text = `---\n${lines.map((line) => `${line}\n`).join("")}---\n${task.body ?? ""}`;

  // The same reader that loads the backlog must accept what we write.
  const error = parseTaskFile(text, task.path ?? `${task.id}.md`).problems.find((problem) => problem.severity === "error");
  if (error) throw new BacklogError("invalid", `cannot write task ${task.id}: ${error.message}`, { id: task.id, code: error.code });
  return text;
}
