import { BacklogError } from "../domain/errors.js";
import { KNOWN_FIELDS, type Task } from "../domain/task.js";
import type { TaskFacts } from "../domain/facts.js";

/** What the JSON of a task holds besides its frontmatter fields. */
const ADDED_FIELDS = ["body", "notes", "path", "urgency", "blocked", "blocking", "ready"] as const;

/**
 * Checks field names asked of the JSON shape (a list's `fields`): every known and added field, and
 * the user fields some task carries. An unknown name is an error that lists the valid ones.
 */
export function checkJsonFields(fields: readonly string[], tasks: Iterable<Task>): void {
  const known = new Set<string>([...KNOWN_FIELDS, ...ADDED_FIELDS]);
  const unknown = fields.filter((field) => !known.has(field));
  if (unknown.length === 0) return;
  const own = new Set<string>();
  for (const task of tasks) for (const name of Object.keys(task.user)) own.add(name);
  const missing = unknown.find((field) => !own.has(field));
  if (missing === undefined) return;
  const yours = own.size > 0 ? `, and your own: ${[...own].sort().join(", ")}` : "";
  throw new BacklogError("usage", `"${missing}" is not a field; fields: ${[...known].join(", ")}${yours}.`, { field: missing });
}

/**
 * The stable JSON shape of a task (docs/reference/mcp.md, "The task object"), for `--json` and MCP `structuredContent`: every
 * frontmatter field present in the file (user fields too), then `body`, `notes`, `path`, and the
 * computed `urgency`, `blocked`, `blocking`, `ready`, and `duplicate: true` only while another file
 * holds the same id (docs/reference/git.md, "Duplicate ids after a merge"). Computed names win over a user field of the same name.
 */
export function taskToJson(task: Task, facts: TaskFacts | undefined, options: { body?: boolean } = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of KNOWN_FIELDS) {
    const value = task[field];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    json[field] = value;
  }
  for (const [name, value] of Object.entries(task.user)) json[name] = value;
  if (options.body !== false) json.body = task.body;
  json.notes = task.notes;
  json.path = task.path;
  json.urgency = Math.round((facts?.urgency ?? 0) * 1000) / 1000;
  json.blocked = facts?.blocked ?? false;
  json.blocking = facts?.blocking ?? false;
  json.ready = facts?.ready ?? false;
  if (facts?.duplicate) json.duplicate = true;
  return json;
}
