import type { TaskFacts } from "../domain/facts.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "../service/backlog.js";
import { graphOf, nearFacts } from "../service/derived.js";
import { runView } from "../service/operations/overview.js";
import { taskDetailJson } from "../service/task-detail.js";
import { taskToJson } from "../service/task-json.js";
import { withBody } from "../service/task-file.js";

/** One task in full (docs/reference/mcp.md, "The task object") and its story for a read: its computed fields from the backlog's graph (built once per change). */
export function fullTaskJson(backlog: Backlog, task: Task): Record<string, unknown> {
  return taskDetailJson(backlog, withBody(backlog, task), graphOf(backlog).facts.get(task));
}

/**
 * One task in full after a write: its computed fields from its neighbourhood (`nearFacts`), the
 * values the whole graph gives, without rebuilding the whole graph after every write (the next
 * read does, once).
 */
export function writtenTaskJson(backlog: Backlog, task: Task): Record<string, unknown> {
  return taskToJson(withBody(backlog, task), nearFacts(backlog, task));
}

/**
 * A task in a list: no body or notes unless asked for; `fields` keeps only those, the id, and
 * `duplicate: true` while another file holds the id, so no list shows two copies as one task.
 */
export function listItemJson(task: Task, facts: TaskFacts | undefined, fields?: readonly string[]): Record<string, unknown> {
  if (!fields) {
    const { notes: _notes, ...rest } = taskToJson(task, facts, { body: false });
    return rest;
  }
  const full = taskToJson(task, facts);
  const picked: Record<string, unknown> = { id: task.id };
  for (const field of fields) if (field in full) picked[field] = full[field];
  if (full.duplicate === true) picked.duplicate = true;
  return picked;
}

/** Tasks a write returned, as list items: a few get their facts from their neighbourhood, many from the whole graph. */
export function writtenListJson(backlog: Backlog, tasks: readonly Task[]): Record<string, unknown>[] {
  const facts = tasks.length > 20 ? graphOf(backlog).facts : undefined;
  return tasks.map((task) => listItemJson(task, facts ? facts.get(task) : nearFacts(backlog, task)));
}

/** A named view as JSON: its tasks as list items (its `columns` as the fields), or the board's columns. */
export async function viewJson(backlog: Backlog, name: string): Promise<Record<string, unknown>> {
  const view = await runView(backlog, name);
  const { facts } = graphOf(backlog);
  const item = (task: Task): Record<string, unknown> => listItemJson(task, facts.get(task), view.definition.columns);
  const head = { name: view.name, filter: view.definition.filter };
  if (view.kind === "list") return { ...head, tasks: view.tasks.map(item) };
  return { ...head, columns: Object.fromEntries(Object.entries(view.columns).map(([status, tasks]) => [status, tasks.map(item)])) };
}
